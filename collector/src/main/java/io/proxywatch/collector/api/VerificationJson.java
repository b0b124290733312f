package io.proxywatch.collector.api;

import io.proxywatch.collector.verification.ChecksumState;
import io.proxywatch.collector.verification.WitnessedHead;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Checksum states and witnessed tree heads as the REST API shows them (snake_case, ISO-8601 times, nulls kept). */
final class VerificationJson {
  private VerificationJson() {}

  static JsonObject states(List<ChecksumState> states) {
    JsonArray array = new JsonArray();
    for (ChecksumState s : states) {
      array.add(new JsonObject().put("proxy", s.proxy()).put("module", s.module()).put("version", s.version())
          .put("file", s.file()).put("region", s.region()).put("state", s.state()).put("reason", s.reason())
          .put("detail", s.detail()).put("observed_h1", s.observedH1()).put("expected_h1", s.expectedH1())
          .put("sumdb", s.sumdbName()).put("source", s.source()).put("tree_size", s.treeSize())
          .put("updated_at", DivergenceJson.text(s.updatedAt())).put("agent_id", s.agentId())
          .put("sequence", s.sequence()).put("url", s.url()));
    }
    return new JsonObject().put("verifications", array);
  }

  static JsonObject heads(List<WitnessedHead> heads) {
    JsonArray array = new JsonArray();
    for (WitnessedHead h : heads) {
      array.add(new JsonObject().put("sumdb", h.sumdbName()).put("region", h.region()).put("proxy", h.proxy())
          .put("source", h.source()).put("via", h.via()).put("tree_size", h.treeSize()).put("root_hash", h.rootHash())
          .put("note", h.note()).put("error", h.error()).put("time", DivergenceJson.text(h.time()))
          .put("agent_id", h.agentId()).put("sequence", h.sequence()));
    }
    return new JsonObject().put("heads", array);
  }
}
