/** The proxywatch agent: {@link io.proxywatch.agent.Agent} wires probing, scheduling, the outbox and the transport; {@link io.proxywatch.agent.AgentConfig} is its configuration. */
package io.proxywatch.agent;
