package io.proxywatch.collector.ingest;

import static io.proxywatch.collector.ingest.MessageValidator.check;
import static io.proxywatch.collector.ingest.MessageValidator.text;

import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SumDbHead;
import io.proxywatch.proto.v1.Verification;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.proto.v1.VerifiedFile;
import java.util.regex.Pattern;

/**
 * The contract of the records that ride on samples (ingest.proto fields 60-62). "verified" is accepted only when the
 * observed and expected h1 are present and equal: a confused or hostile agent cannot store a false verified.
 */
final class RecordValidator {
  private static final Pattern H1 = Pattern.compile("h1:[A-Za-z0-9+/]{43}=");
  private static final int MAX_NOTE = 8192;

  private RecordValidator() {}

  static void check(Sample s) throws InvalidInputException {
    MessageValidator.check(!(s.hasVerification() && s.hasSumdbHead()), "sample.verification", "with sumdb_head", "one record per sample");
    h1("sample.go_mod_h1", s.getGoModH1());
    if (s.hasVerification()) verification(s, s.getVerification());
    if (s.hasSumdbHead()) head(s.getSumdbHead());
  }

  private static void verification(Sample s, Verification v) throws InvalidInputException {
    VerifiedFile file = v.getFile();
    EndpointKind expected = file == VerifiedFile.VERIFIED_FILE_MOD ? EndpointKind.ENDPOINT_KIND_MOD : EndpointKind.ENDPOINT_KIND_ZIP;
    MessageValidator.check(file == VerifiedFile.VERIFIED_FILE_MOD || file == VerifiedFile.VERIFIED_FILE_ZIP,
        "sample.verification.file", v.getFileValue(), "MOD or ZIP");
    MessageValidator.check(s.getTarget().getEndpoint() == expected, "sample.target.endpoint", s.getTarget().getEndpoint(), expected.name());
    VerificationOutcome o = v.getOutcome();
    MessageValidator.check(o == VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED || o == VerificationOutcome.VERIFICATION_OUTCOME_MISMATCH
        || o == VerificationOutcome.VERIFICATION_OUTCOME_UNVERIFIABLE, "sample.verification.outcome", v.getOutcomeValue(), "a known outcome");
    h1("sample.verification.observed_h1", v.getObservedH1());
    h1("sample.verification.expected_h1", v.getExpectedH1());
    boolean judged = !v.getObservedH1().isEmpty() && !v.getExpectedH1().isEmpty();
    if (o == VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED) {
      MessageValidator.check(judged && v.getObservedH1().equals(v.getExpectedH1()), "sample.verification.outcome", "verified",
          "equal observed_h1 and expected_h1 for verified");
    }
    if (o == VerificationOutcome.VERIFICATION_OUTCOME_MISMATCH) {
      MessageValidator.check(judged && !v.getObservedH1().equals(v.getExpectedH1()), "sample.verification.outcome", "mismatch",
          "different observed_h1 and expected_h1 for mismatch");
    }
    text("sample.verification.reason", v.getReason(), 0, 64);
    text("sample.verification.detail", v.getDetail(), 0, 1024);
    text("sample.verification.sumdb_name", v.getSumdbName(), 0, 256);
    text("sample.verification.source", v.getSource(), 0, 1024);
    text("sample.verification.tree_note", v.getTreeNote(), 0, MAX_NOTE);
    text("sample.verification.zip_sha256", v.getZipSha256(), 0, 64);
    MessageValidator.check(v.getTreeSize() >= 0, "sample.verification.tree_size", v.getTreeSize(), ">= 0");
  }

  private static void head(SumDbHead h) throws InvalidInputException {
    text("sample.sumdb_head.sumdb_name", h.getSumdbName(), 1, 256);
    text("sample.sumdb_head.source", h.getSource(), 1, 1024);
    MessageValidator.check(h.getVia().equals("proxy") || h.getVia().equals("direct"), "sample.sumdb_head.via", h.getVia(), "proxy or direct");
    text("sample.sumdb_head.note", h.getNote(), 0, MAX_NOTE);
    text("sample.sumdb_head.root_hash", h.getRootHash(), 0, 64);
    text("sample.sumdb_head.error", h.getError(), 0, 1024);
    MessageValidator.check(h.getTreeSize() >= 0, "sample.sumdb_head.tree_size", h.getTreeSize(), ">= 0");
  }

  private static void h1(String field, String value) throws InvalidInputException {
    MessageValidator.check(value.isEmpty() || H1.matcher(value).matches(), field, value, "empty or h1: and 44 base64 characters");
  }
}
