/**
 * Ground truth for what a region is served: the h1 of every .mod probed and of every .zip (a separate, throttled
 * full GET) compared with the record a Go checksum database proves in a signed tree, plus the tree heads each
 * region sees. Results travel as samples (exactly once, like probes).
 */
package io.proxywatch.agent.verify;
