package io.proxywatch.collector.e2e;

import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.collector.Cdn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Four real agents, one per region, each probing its own edge of a {@link Cdn} and streaming to one collector. */
public final class Fleet implements AutoCloseable {
  public final List<Agent> agents = new ArrayList<>();

  static Fleet start(Cdn cdn, int grpcPort, Duration interval) {
    Fleet fleet = new Fleet();
    try {
      Path state = Files.createTempDirectory("proxywatch-agents-");
      for (String region : Cdn.REGIONS) {
        fleet.agents.add(Agent.start(AgentConfig.builder()
            .region(region).agentId("e2e-" + region)
            .collector("127.0.0.1:" + grpcPort)
            .proxy(cdn.url(region))
            .modules(cdn.modules())
            .interval(interval)
            .timeout(Duration.ofSeconds(5))
            .stateDir(state.resolve(region))
            .build()));
      }
      return fleet;
    } catch (IOException e) {
      fleet.close();
      throw new UncheckedIOException(e);
    }
  }

  long unacked() {
    return agents.stream().mapToLong(a -> a.counters().outboxSize()).sum();
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
  }
}
