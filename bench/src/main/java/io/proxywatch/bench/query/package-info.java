/** REST query latency over a generated multi-million-sample dataset. */
package io.proxywatch.bench.query;
