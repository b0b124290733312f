/** Ingest throughput of the collector's writer against a raw COPY of the same rows. */
package io.proxywatch.bench.ingest;
