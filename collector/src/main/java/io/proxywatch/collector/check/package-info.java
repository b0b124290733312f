/** "Check now": every connected agent probes a module at once; the answers are gathered into one table. */
package io.proxywatch.collector.check;
