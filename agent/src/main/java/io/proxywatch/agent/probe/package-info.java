/** Probing one Go module proxy URL with OkHttp: curl-like phase timings, recorded headers, body hash, failure classes. */
package io.proxywatch.agent.probe;
