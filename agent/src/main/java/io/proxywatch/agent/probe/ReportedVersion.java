package io.proxywatch.agent.probe;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.proxywatch.proto.v1.Sample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code "Version"} of an {@code .info} or {@code @latest} JSON body ({@code {"Version","Time"}}), read
 * defensively: a body over {@link #MAX_BODY} bytes (real ones are about 100), one that is not a JSON object,
 * or one whose Version is missing, not a string or over {@link ListedVersions#MAX_LENGTH} characters gives
 * {@code ""}. Gson limits the nesting depth, so hostile JSON cannot exhaust the stack.
 */
final class ReportedVersion implements BodyReader {
  static final int MAX_BODY = 64 * 1024;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean tooLong;

  @Override
  public void update(byte[] chunk, int offset, int length) {
    if (tooLong || body.size() + length > MAX_BODY) {
      tooLong = true;
      return;
    }
    body.write(chunk, offset, length);
  }

  @Override
  public void finish(Sample.Builder sample) {
    if (!tooLong) sample.setReportedVersion(version(body.toString(StandardCharsets.UTF_8)));
  }

  static String version(String json) {
    try {
      JsonElement root = JsonParser.parseString(json);
      JsonElement version = root.isJsonObject() ? root.getAsJsonObject().get("Version") : null;
      boolean ok = version != null && version.isJsonPrimitive() && version.getAsJsonPrimitive().isString();
      String text = ok ? version.getAsString() : "";
      return text.length() <= ListedVersions.MAX_LENGTH ? text : "";
    } catch (RuntimeException e) {
      return ""; // not JSON: the hash still tells what was served
    }
  }
}
