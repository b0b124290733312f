/** When probes run: fixed-rate rounds, jittered starts, bounded concurrency, skipping targets still running. */
package io.proxywatch.agent.schedule;
