/** The rules the agent and the collector share: durations, identifiers, and options read from the environment. */
package io.proxywatch.common;
