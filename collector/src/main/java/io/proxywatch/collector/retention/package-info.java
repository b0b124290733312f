/** Retention: the leader removes raw samples, rollups, resolved episodes and settled notifications past their age. */
package io.proxywatch.collector.retention;
