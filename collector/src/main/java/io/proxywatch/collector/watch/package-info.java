/** Watches said once, centrally (REST, CLI, file), expanded into each region's target set and pushed to its agents. */
package io.proxywatch.collector.watch;
