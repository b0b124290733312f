/** Rules of Go modules the collector reasons with: semantic version order as the go command applies it. */
package io.proxywatch.collector.gomod;
