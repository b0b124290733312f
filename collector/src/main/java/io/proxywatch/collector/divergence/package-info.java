/** Cross-region divergence: fresh observations compared per target, typed episodes moved through their transitions, events emitted through a port. */
package io.proxywatch.collector.divergence;
