package io.proxywatch.agent.verify;

import io.proxywatch.proto.v1.Verification;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.proto.v1.VerifiedFile;
import io.proxywatch.sumdb.SumDbException;
import io.proxywatch.sumdb.VerifiedLookup;
import java.util.Locale;

/**
 * The only place a {@link Verification} is judged: verified only when an observed h1 equals the h1 of a record
 * proven in a signed tree ({@link VerifiedLookup} is only ever built after every check passed).
 */
final class Verdicts {
  private static final int MAX_DETAIL = 1024;

  private Verdicts() {}

  static Verification.Builder judged(VerifiedFile file, String observed, VerifiedLookup proven, SumDbSources.Source s) {
    String expected = file == VerifiedFile.VERIFIED_FILE_ZIP ? proven.zipH1() : proven.modH1();
    boolean same = expected.equals(observed);
    return base(file, s).setObservedH1(observed).setExpectedH1(expected)
        .setOutcome(same ? VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED : VerificationOutcome.VERIFICATION_OUTCOME_MISMATCH)
        .setReason(same ? "" : "h1_differs")
        .setDetail(same ? "" : "served " + observed + ", the checksum database has " + expected)
        .setTreeNote(proven.head().note()).setTreeSize(proven.head().size());
  }

  static Verification.Builder unverifiable(VerifiedFile file, String observed, SumDbException e, SumDbSources.Source s) {
    return unverifiable(file, observed, "sumdb_" + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage(), s);
  }

  static Verification.Builder unverifiable(VerifiedFile file, String observed, String reason, String detail,
      SumDbSources.Source s) {
    return base(file, s).setObservedH1(observed == null ? "" : observed)
        .setOutcome(VerificationOutcome.VERIFICATION_OUTCOME_UNVERIFIABLE).setReason(reason).setDetail(cut(detail));
  }

  private static Verification.Builder base(VerifiedFile file, SumDbSources.Source s) {
    return Verification.newBuilder().setFile(file).setSource(s == null ? "" : s.base());
  }

  static String cut(String text) {
    String t = text == null ? "" : text;
    return t.length() <= MAX_DETAIL ? t : t.substring(0, MAX_DETAIL);
  }
}
