/** The HTTP edge: REST routes, token checks, parameter validation, and the only place records become JSON. */
package io.proxywatch.collector.api;
