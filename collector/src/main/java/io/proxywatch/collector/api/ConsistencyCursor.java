package io.proxywatch.collector.api;

import io.proxywatch.collector.divergence.ConsistencyReport.Position;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The consistency listing's next_cursor: the last target of a page (module, version, endpoint, proxy). Opaque to clients. */
final class ConsistencyCursor {
  private ConsistencyCursor() {}

  static String encode(Position p) {
    String raw = new JsonArray().add(p.module()).add(p.version()).add(p.endpoint()).add(p.proxy()).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a cursor this collector issued. */
  static Optional<Position> decode(String text) {
    try {
      JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      if (a.size() != 4) return Optional.empty();
      return Optional.of(new Position(a.getString(0), a.getString(1), a.getString(2), a.getString(3)));
    } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
