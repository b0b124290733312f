/**
 * The agent's optional {@code /metrics} and {@code /healthz} port ({@code --metrics-port}): probe results with
 * the same bounded labels as the collector's, the spool backlog, drops and the age of the last ack.
 */
package io.proxywatch.agent.metrics;
