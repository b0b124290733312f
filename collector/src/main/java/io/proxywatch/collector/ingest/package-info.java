/** The gRPC ingest service: one stream per agent, validation of every message, flow control, acks after commit. */
package io.proxywatch.collector.ingest;
