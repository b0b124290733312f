/**
 * The web console: static files served from the jar at {@code /} and {@code /console/*}.
 * They need no token; every piece of data the console shows comes from the
 * token-protected REST API, fetched by the browser with the token the user signed in with.
 */
package io.proxywatch.collector.console;
