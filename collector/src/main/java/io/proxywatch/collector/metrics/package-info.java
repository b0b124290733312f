/**
 * What the collector exports at {@code /metrics} beyond each component's own meters: probe results by bounded
 * labels (counted as samples are committed), open episodes, leadership and the JVM, process and pool binders.
 */
package io.proxywatch.collector.metrics;
