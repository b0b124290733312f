package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SumDbHead;
import io.proxywatch.proto.v1.Verification;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.proto.v1.VerifiedFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes the records that ride on samples: verifications (and the checksum state they move) and tree heads
 * (the witness log), inside the caller's transaction. Parameterised statements only.
 */
public final class VerificationRows {
  private static final String VERIFICATION = "INSERT INTO verifications (time, agent_id, sequence, region, proxy,"
      + " module, version, file, url, outcome, reason, detail, observed_h1, expected_h1, sumdb_name, source, tree_size,"
      + " tree_note, zip_sha256, etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT DO NOTHING";
  private static final String STATE = "INSERT INTO checksum_state (proxy, module, version, file, region, state, reason,"
      + " observed_h1, expected_h1, agent_id, sequence, url, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (proxy, module, version, file, region) DO UPDATE SET state = EXCLUDED.state,"
      + " reason = EXCLUDED.reason, observed_h1 = EXCLUDED.observed_h1, expected_h1 = EXCLUDED.expected_h1,"
      + " agent_id = EXCLUDED.agent_id, sequence = EXCLUDED.sequence, url = EXCLUDED.url, updated_at = EXCLUDED.updated_at"
      + " WHERE checksum_state.updated_at <= EXCLUDED.updated_at";
  private static final String HEAD = "INSERT INTO sumdb_heads (time, agent_id, sequence, region, proxy, sumdb_name,"
      + " source, via, tree_size, root_hash, note, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT DO NOTHING";

  private VerificationRows() {}

  /** Whether a sample carries a record of its own instead of a probe. */
  public static boolean isRecord(Sample s) {
    return s.hasVerification() || s.hasSumdbHead();
  }

  /** "mod" or "zip". */
  public static String file(VerifiedFile f) {
    return f == VerifiedFile.VERIFIED_FILE_MOD ? "mod" : "zip";
  }

  /** "verified", "mismatch" or "unverifiable". */
  public static String outcome(VerificationOutcome o) {
    return o.name().substring("VERIFICATION_OUTCOME_".length()).toLowerCase(Locale.ROOT);
  }

  static void insert(Connection c, List<Sample> records) throws SQLException {
    if (records.isEmpty()) return;
    try (PreparedStatement v = c.prepareStatement(VERIFICATION); PreparedStatement st = c.prepareStatement(STATE);
         PreparedStatement h = c.prepareStatement(HEAD)) {
      for (Sample s : records) {
        if (s.hasVerification()) {
          verification(v, s);
          state(st, s);
        } else {
          head(h, s);
        }
      }
      v.executeBatch();
      st.executeBatch();
      h.executeBatch();
    }
  }

  private static void verification(PreparedStatement p, Sample s) throws SQLException {
    Verification v = s.getVerification();
    common(p, s);
    p.setString(6, s.getTarget().getModule());
    p.setString(7, s.getTarget().getVersion());
    p.setString(8, file(v.getFile()));
    p.setString(9, s.getTarget().getUrl());
    p.setString(10, outcome(v.getOutcome()));
    p.setString(11, v.getReason());
    p.setString(12, v.getDetail());
    p.setString(13, v.getObservedH1());
    p.setString(14, v.getExpectedH1());
    p.setString(15, v.getSumdbName());
    p.setString(16, v.getSource());
    p.setLong(17, v.getTreeSize());
    p.setString(18, v.getTreeNote());
    p.setString(19, v.getZipSha256());
    p.setString(20, s.getEtag());
    p.addBatch();
  }

  private static void state(PreparedStatement p, Sample s) throws SQLException {
    Verification v = s.getVerification();
    p.setString(1, s.getTarget().getProxy());
    p.setString(2, s.getTarget().getModule());
    p.setString(3, s.getTarget().getVersion());
    p.setString(4, file(v.getFile()));
    p.setString(5, s.getRegion());
    p.setString(6, outcome(v.getOutcome()));
    p.setString(7, v.getReason());
    p.setString(8, v.getObservedH1());
    p.setString(9, v.getExpectedH1());
    p.setString(10, s.getAgentId());
    p.setLong(11, s.getSequence());
    p.setString(12, s.getTarget().getUrl());
    p.setTimestamp(13, time(s));
    p.addBatch();
  }

  private static void head(PreparedStatement p, Sample s) throws SQLException {
    SumDbHead h = s.getSumdbHead();
    common(p, s);
    p.setString(6, h.getSumdbName());
    p.setString(7, h.getSource());
    p.setString(8, h.getVia());
    p.setLong(9, h.getTreeSize());
    p.setString(10, h.getRootHash());
    p.setString(11, h.getNote());
    p.setString(12, h.getError());
    p.addBatch();
  }

  private static void common(PreparedStatement p, Sample s) throws SQLException {
    p.setTimestamp(1, time(s));
    p.setString(2, s.getAgentId());
    p.setLong(3, s.getSequence());
    p.setString(4, s.getRegion());
    p.setString(5, s.getTarget().getProxy());
  }

  private static Timestamp time(Sample s) {
    return Timestamp.from(Instant.EPOCH.plus(s.getStartedUnixMicros(), ChronoUnit.MICROS));
  }
}
