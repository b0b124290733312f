/** The collector: {@link io.proxywatch.collector.Collector} starts and stops every part; {@link io.proxywatch.collector.CollectorConfig} is what it is given. */
package io.proxywatch.collector;
