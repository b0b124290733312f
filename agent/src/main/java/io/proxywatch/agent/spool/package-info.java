/** Sequence numbers that survive restarts, and the bounded outbox of samples awaiting acknowledgement. */
package io.proxywatch.agent.spool;
