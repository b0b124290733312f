/** Reads of what agents verified against the Go checksum database: checksum state per target, region and proxy, and the tree-head witness log. */
package io.proxywatch.collector.verification;
