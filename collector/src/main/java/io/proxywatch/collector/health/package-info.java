/**
 * Whether this collector is alive (its background loops make progress) and ready (the database answers and it is
 * not shutting down); what {@code /healthz}, {@code /readyz} and {@code grpc.health.v1} report.
 */
package io.proxywatch.collector.health;
