/** The command line: serve, migrate, agents and api-tokens, options (also from PROXYWATCH_* variables) into a CollectorConfig; tables for people. */
package io.proxywatch.collector.cli;
