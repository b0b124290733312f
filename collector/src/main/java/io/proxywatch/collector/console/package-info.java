/**
 * The web console and the REST API's OpenAPI contract: static files served from the jar at {@code /},
 * {@code /console/*} and {@code /api/v1/openapi.json}. They need no token; every piece of data the console
 * shows comes from the token-protected REST API, fetched with the token the user signed in with.
 */
package io.proxywatch.collector.console;
