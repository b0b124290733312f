/** The gRPC client of Ingest.Stream: Hello/Welcome, ordered batches under flow control, acks, reconnect and replay. */
package io.proxywatch.agent.transport;
