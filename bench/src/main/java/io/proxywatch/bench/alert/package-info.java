/** Alert latency: from the commit of the deciding sample to the notification's delivery. */
package io.proxywatch.bench.alert;
