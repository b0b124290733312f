/** When probes run: each target at its own fixed rate from a jittered start, replaceable at runtime, bounded concurrency, skipping targets still running. */
package io.proxywatch.agent.schedule;
