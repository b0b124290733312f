package io.proxywatch.collector.e2e;

import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.AgentConfigBuilder;
import io.proxywatch.collector.Cdn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Four real agents, one per region, each probing its own edge of a {@link Cdn} and streaming to one collector. */
public final class Fleet implements AutoCloseable {
  public final List<Agent> agents = new ArrayList<>();

  static Fleet start(Cdn cdn, int grpcPort, Duration interval) {
    return start(cdn, grpcPort, interval, (region, builder) -> builder);
  }

  /** Only these regions' agents (ITClockSkew runs the others as processes). */
  static Fleet start(Cdn cdn, int grpcPort, Duration interval, List<String> regions) {
    return start(cdn, grpcPort, interval, regions, (region, builder) -> builder);
  }

  /** With per-region extra settings (tokens, TLS) applied to each agent's configuration. */
  static Fleet start(Cdn cdn, int grpcPort, Duration interval,
                     BiFunction<String, AgentConfigBuilder, AgentConfigBuilder> customize) {
    return start(cdn, grpcPort, interval, Cdn.REGIONS, customize);
  }

  private static Fleet start(Cdn cdn, int grpcPort, Duration interval, List<String> regions,
                             BiFunction<String, AgentConfigBuilder, AgentConfigBuilder> customize) {
    Fleet fleet = new Fleet();
    try {
      Path state = Files.createTempDirectory("proxywatch-agents-");
      for (String region : regions) {
        fleet.agents.add(Agent.start(customize.apply(region, AgentConfig.builder()
            .region(region).agentId("e2e-" + region)
            .collector("127.0.0.1:" + grpcPort)
            .proxy(cdn.url(region))
            .modules(cdn.modules())
            .interval(interval)
            .timeout(Duration.ofSeconds(5))
            .stateDir(state.resolve(region)))
            .build()));
      }
      return fleet;
    } catch (IOException e) {
      fleet.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      fleet.close(); // the agents started before the one that failed
      throw e;
    }
  }

  /** One region's agent. */
  record Member(String region, Agent agent) {}

  Member member(String region) {
    return new Member(region, agents.get(Cdn.REGIONS.indexOf(region)));
  }

  long unacked() {
    return agents.stream().mapToLong(a -> a.counters().outboxSize()).sum();
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
  }
}
