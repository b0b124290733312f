/** Probe fidelity and footprint of the agent against curl and blackbox_exporter on the same servers. */
package io.proxywatch.bench.probe;
