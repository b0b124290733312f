/** Targets the collector pushes: validated as hostile input, persisted in the state directory, and on-demand checks. */
package io.proxywatch.agent.targets;
