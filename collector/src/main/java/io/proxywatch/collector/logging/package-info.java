/** How the collector's log lines look (text or JSON) and the MDC fields that say whose line it is. */
package io.proxywatch.collector.logging;
