package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.BAD_SIGNATURE;
import static io.proxywatch.sumdb.SumDbException.Reason.MALFORMED;
import static io.proxywatch.sumdb.SumDbException.Reason.TOO_LARGE;
import static io.proxywatch.sumdb.SumDbException.Reason.UNKNOWN_KEY;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A note (text, blank line, signature lines {@code — name base64(keyhash4 || sig)}) opened as note.Open does:
 * UTF-8 without control characters but newline, at most 100 signatures, and a valid Ed25519 signature of the text
 * (final newline included) by the configured key. Signatures by other keys are ignored; at least one by ours is needed.
 */
public record SignedNote(String text, List<String> otherSigners) {
  /** Largest note accepted (tlog.ParseTree's limit; note.Open itself has none). */
  public static final int MAX_BYTES = 1_000_000;
  private static final int MAX_SIGNATURES = 100;
  private static final String SIG_PREFIX = "\u2014 ";

  public SignedNote {
    otherSigners = List.copyOf(otherSigners);
  }

  /** Opens msg; every failure is a SumDbException saying what is wrong, never a partly verified note. */
  public static SignedNote open(byte[] msg, VerifierKey key) throws SumDbException {
    if (msg.length > MAX_BYTES) {
      throw new SumDbException(TOO_LARGE, "note of " + msg.length + " bytes, limit " + MAX_BYTES);
    }
    String all = utf8(msg, "note");
    int split = all.lastIndexOf("\n\n");
    if (split < 0) {
      throw new SumDbException(MALFORMED, "note has no blank line before its signatures");
    }
    String text = all.substring(0, split + 1);
    String sigs = all.substring(split + 2);
    if (sigs.isEmpty() || !sigs.endsWith("\n")) {
      throw new SumDbException(MALFORMED, "note's signature block does not end with a newline");
    }
    byte[] textBytes = Arrays.copyOf(msg, text.getBytes(StandardCharsets.UTF_8).length);
    return new SignedNote(text, checkSignatures(sigs, textBytes, key));
  }

  private static List<String> checkSignatures(String sigs, byte[] text, VerifierKey key) throws SumDbException {
    List<String> others = new ArrayList<>();
    boolean verified = false;
    String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new SumDbException(MALFORMED, "note has " + lines.length + " signatures, limit " + MAX_SIGNATURES);
    }
    for (String line : lines) {
      byte[] sig = signature(line);
      String name = line.substring(SIG_PREFIX.length(), line.indexOf(' ', SIG_PREFIX.length()));
      int hash = ByteBuffer.wrap(sig, 0, 4).getInt();
      if (!name.equals(key.name()) || hash != key.keyHash()) {
        others.add(name + "+" + String.format("%08x", hash));
      } else if (!key.verify(text, Arrays.copyOfRange(sig, 4, sig.length))) {
        throw new SumDbException(BAD_SIGNATURE, "invalid signature for key " + name + "+" + String.format("%08x", hash));
      } else {
        verified = true;
      }
    }
    if (!verified) {
      throw new SumDbException(UNKNOWN_KEY, "note has no signature by " + key.name() + "+"
          + String.format("%08x", key.keyHash()) + (others.isEmpty() ? "" : "; signed by " + others));
    }
    return others;
  }

  /** The decoded signature (key hash then signature) of one line, checked for form. */
  private static byte[] signature(String line) throws SumDbException {
    int space = line.startsWith(SIG_PREFIX) ? line.indexOf(' ', SIG_PREFIX.length()) : -1;
    if (space < 0 || !NoteNames.valid(line.substring(SIG_PREFIX.length(), space))) {
      throw new SumDbException(MALFORMED, "malformed signature line \"" + Snippet.of(line) + "\"");
    }
    try {
      byte[] sig = Base64.getDecoder().decode(line.substring(space + 1));
      if (sig.length >= 5) {
        return sig;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new SumDbException(MALFORMED, "signature is not base64 of at least 5 bytes: \"" + Snippet.of(line) + "\"");
  }

  /** Strict UTF-8 with no ASCII control character but newline (what notes and records must be). */
  static String utf8(byte[] bytes, String what) throws SumDbException {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new SumDbException(MALFORMED, what + " is not valid UTF-8");
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 && s.charAt(i) != '\n') {
        throw new SumDbException(MALFORMED, what + " contains control character 0x"
            + Integer.toHexString(s.charAt(i)) + " at offset " + i);
      }
    }
    return s;
  }
}
