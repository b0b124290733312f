/** The command line: options (also from PROXYWATCH_* variables), validation into an AgentConfig, the main class. */
package io.proxywatch.agent.cli;
