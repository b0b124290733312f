/** REST queries of the console and the API at fleet scale: 8 regions x 100,000 targets, generated in SQL. */
package io.proxywatch.bench.fleet;
