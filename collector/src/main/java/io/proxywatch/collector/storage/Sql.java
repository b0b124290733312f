package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A statement assembled from fixed SQL fragments with every value bound as a parameter, never spliced in. */
final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  Sql(String start, Object... values) {
    append(start, values);
  }

  Sql append(String fragment, Object... values) {
    text.append(fragment);
    params.addAll(List.of(values));
    return this;
  }

  /** Appends " AND column = ?" when the filter is present. */
  Sql equal(String column, Optional<String> value) {
    value.ifPresent(v -> append(" AND " + column + " = ?", v));
    return this;
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(text.toString());
    for (int i = 0; i < params.size(); i++) {
      Object value = params.get(i);
      statement.setObject(i + 1, value instanceof Instant instant ? Timestamp.from(instant) : value);
    }
    return statement;
  }
}
