package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.MALFORMED;
import static io.proxywatch.sumdb.SumDbException.Reason.TOO_LARGE;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@code /lookup/M@V} answer: record id line, the record ({@code M V h1:..\nM V/go.mod h1:..\n}), a blank line,
 * then the signed tree note. Parsing checks form and signature only; {@link SumDbVerifier#lookup} proves the
 * record is in the signed tree.
 */
public record LookupResponse(long id, String record, String zipH1, String modH1, SignedTreeHead head) {
  /** Largest lookup body accepted: a note at most plus a record. */
  public static final int MAX_BYTES = SignedNote.MAX_BYTES + 64 * 1024;

  public LookupResponse {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(head, "head");
  }

  public static LookupResponse parse(byte[] body, String module, String version, VerifierKey key) throws SumDbException {
    if (body.length > MAX_BYTES) {
      throw new SumDbException(TOO_LARGE, "lookup body of " + body.length + " bytes, limit " + MAX_BYTES);
    }
    String text = SignedNote.utf8(body, "lookup body");
    int idEnd = text.indexOf('\n');
    int recordEnd = text.indexOf("\n\n", idEnd + 1);
    if (idEnd < 0 || recordEnd < 0 || !text.substring(0, idEnd).matches("(0|[1-9][0-9]{0,17})")) {
      throw new SumDbException(MALFORMED, "lookup body is not \"<id>\\n<record>\\n<signed tree note>\": \""
          + Snippet.of(text) + "\"");
    }
    String record = text.substring(idEnd + 1, recordEnd + 1);
    String[] lines = record.split("\n");
    String prefix = module + " " + version;
    if (lines.length != 2 || !lines[0].startsWith(prefix + " ") || !lines[1].startsWith(prefix + "/go.mod ")) {
      throw new SumDbException(MALFORMED, "lookup of " + module + "@" + version + " returned record \"" + Snippet.of(record) + "\"");
    }
    String zipH1 = h1(lines[0].substring(prefix.length() + 1));
    String modH1 = h1(lines[1].substring(prefix.length() + "/go.mod ".length()));
    byte[] note = text.substring(recordEnd + 2).getBytes(StandardCharsets.UTF_8);
    return new LookupResponse(Long.parseLong(text.substring(0, idEnd)), record, zipH1, modH1, SignedTreeHead.open(note, key));
  }

  private static String h1(String field) throws SumDbException {
    if (!field.matches("h1:[A-Za-z0-9+/]{43}=")) {
      throw new SumDbException(MALFORMED, "not an h1 hash: \"" + Snippet.of(field) + "\"");
    }
    return field;
  }
}
