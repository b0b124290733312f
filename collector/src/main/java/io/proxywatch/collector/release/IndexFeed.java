package io.proxywatch.collector.release;

import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the module index (GET {index}/index?since=T&limit=2000, one JSON object per line, oldest first) and
 * records the releases of watched modules. The cursor (the last timestamp and the entries read at exactly that
 * timestamp, which may straddle pages) is committed with the releases, so a restart misses nothing and repeats
 * nothing. A hostile line is counted, logged once per poll and skipped; a hostile page changes nothing.
 */
public final class IndexFeed {
  private static final Logger logger = LoggerFactory.getLogger(IndexFeed.class);
  static final int LIMIT = 2000;
  private static final int MAX_BODY = 4 * 1024 * 1024;

  /** What one poll did. */
  public record Poll(int lines, int releases, int skipped, boolean full) {}

  private final URI index;
  private final DataSource dataSource;
  private final WatchStore watches;
  private final HttpClient http;
  private final Clock clock;
  private final Duration timeout;

  public IndexFeed(URI index, DataSource dataSource, Clock clock, Duration timeout) {
    this.index = Objects.requireNonNull(index, "index");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.watches = new WatchStore(dataSource);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public URI index() {
    return index;
  }

  /** Reads one page from the cursor on; call again at once while {@link Poll#full()}. */
  public Poll poll() throws IOException, InterruptedException, SQLException {
    Cursor cursor = cursor();
    List<String> lines = fetch(cursor.since());
    List<Watch> watched = watches.list().stream().map(WatchStore.Stored::watch).toList();
    List<IndexEntry> entries = new ArrayList<>();
    int skipped = 0;
    StringBuilder why = new StringBuilder();
    String firstProblem = null;
    for (String line : lines) {
      if (line.isBlank()) continue;
      Optional<IndexEntry> entry = IndexEntry.parse(line, why);
      if (entry.isPresent()) entries.add(entry.get());
      else {
        skipped++;
        IndexEntry.timeOf(line).ifPresent(entries::add); // a bad line whose time parses still moves the cursor
        if (firstProblem == null) firstProblem = why + ": " + (line.length() > 120 ? line.substring(0, 120) + "..." : line);
      }
    }
    if (firstProblem != null) logger.warn("module index {}: skipped {} bad lines; the first: {}", index, skipped, firstProblem);
    int recorded = commit(cursor, entries, watched);
    return new Poll(lines.size(), recorded, skipped, lines.size() >= LIMIT);
  }

  private List<String> fetch(String since) throws IOException, InterruptedException {
    URI uri = URI.create(index.toString().replaceAll("/+$", "") + "/index?since="
        + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&limit=" + LIMIT);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("User-Agent", "proxywatch-collector").build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) throw new IOException("module index answered " + response.statusCode() + " for " + uri);
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) throw new IOException("module index page larger than " + MAX_BODY + " bytes: " + uri);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
  }

  private int commit(Cursor cursor, List<IndexEntry> entries, List<Watch> watched) throws SQLException {
    Set<String> atSince = new LinkedHashSet<>(cursor.atSince());
    String since = cursor.since();
    int recorded = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        java.time.Instant sinceTime = java.time.Instant.parse(since);
        for (IndexEntry e : entries) {
          if (e.time().isBefore(sinceTime)) continue; // out of order: the index promises oldest first
          if (e.timestamp().equals(cursor.since()) && cursor.atSince().contains(e.key())) continue;
          if (!e.marker() && watched.stream().anyMatch(w -> w.covers(e.path()))) recorded += insert(c, e);
          if (!e.timestamp().equals(since)) {
            since = e.timestamp();
            sinceTime = e.time();
            atSince.clear();
          }
          atSince.add(e.key());
        }
        save(c, since, atSince);
        c.commit();
      } catch (SQLException | RuntimeException ex) {
        c.rollback();
        throw ex;
      }
    }
    return recorded;
  }

  private static int insert(Connection c, IndexEntry e) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO releases (module, version, index_time) VALUES (?, ?, ?)"
        + " ON CONFLICT (module, version) DO NOTHING")) {
      s.setString(1, e.path());
      s.setString(2, e.version());
      s.setTimestamp(3, Timestamp.from(e.time()));
      int inserted = s.executeUpdate();
      if (inserted > 0) logger.info("release {} {} (index time {})", e.path(), e.version(), e.timestamp());
      return inserted;
    }
  }

  private record Cursor(String since, List<String> atSince) {}

  private Cursor cursor() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT since, at_since FROM index_cursor WHERE index_url = ?")) {
      s.setString(1, index.toString());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) return new Cursor(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()));
      }
    }
    return new Cursor(clock.instant().toString(), List.of());
  }

  private void save(Connection c, String since, Set<String> atSince) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO index_cursor (index_url, since, at_since) VALUES (?, ?, ?)"
        + " ON CONFLICT (index_url) DO UPDATE SET since = EXCLUDED.since, at_since = EXCLUDED.at_since, updated_at = now()")) {
      s.setString(1, index.toString());
      s.setString(2, since);
      s.setArray(3, c.createArrayOf("text", atSince.toArray()));
      s.executeUpdate();
    }
  }
}
