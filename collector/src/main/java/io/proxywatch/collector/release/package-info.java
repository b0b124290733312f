/** Releases: the module index followed on the leader, and each release's propagation per proxy and region. */
package io.proxywatch.collector.release;
