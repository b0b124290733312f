package io.proxywatch.collector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code proxywatch_episodes_open{kind, state}}: episodes not resolved, read from the database on every
 * {@link #refresh}, so every replica reports the same numbers whoever leads. Every kind and open state is
 * always present (0 when none), so a rule can compare it without {@code absent()}.
 */
public final class EpisodeGauges {
  private static final String OPEN = "SELECT kind, state, count(*) FROM divergence_episodes WHERE state <> 'resolved' GROUP BY kind, state";

  private final DataSource dataSource;
  private final MultiGauge gauge;

  public EpisodeGauges(DataSource dataSource, MeterRegistry registry) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.gauge = MultiGauge.builder("proxywatch_episodes_open")
        .description("Divergence and agent-offline episodes not resolved, by kind and state").register(registry);
  }

  /** Reads the counts; on a database error the previous values stay and the exception is thrown. */
  public void refresh() throws SQLException {
    Map<List<String>, Long> counts = zeros();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(OPEN)) {
      while (rs.next()) counts.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((key, n) -> rows.add(MultiGauge.Row.of(Tags.of("kind", key.get(0), "state", key.get(1)), n)));
    gauge.register(rows, true);
  }

  private static Map<List<String>, Long> zeros() {
    Map<List<String>, Long> counts = new LinkedHashMap<>();
    for (EpisodeKind kind : EpisodeKind.values()) {
      for (EpisodeState state : EpisodeState.values()) {
        if (state.open()) counts.put(List.of(kind.label(), state.label()), 0L);
      }
    }
    return counts;
  }
}
