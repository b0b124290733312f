package io.proxywatch.collector.api;

import io.proxywatch.collector.check.CheckResult;
import io.proxywatch.collector.release.ReleaseView;
import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchStore;
import io.proxywatch.common.Durations;
import io.proxywatch.proto.EndpointKinds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Watches, releases, propagation and checks as the REST API shows them. */
final class WatchJson {
  private WatchJson() {}

  static JsonObject watches(List<WatchStore.Stored> watches) {
    JsonArray array = new JsonArray();
    watches.forEach(s -> array.add(watch(s.watch()).put("created_at", s.createdAt().toString())));
    return new JsonObject().put("watches", array);
  }

  static JsonObject watch(Watch w) {
    return new JsonObject().put("name", w.name()).put("module", w.module()).put("versions", w.versions().text())
        .put("endpoints", new JsonArray(w.endpoints().stream().map(EndpointKinds::name).toList()))
        .put("proxies", new JsonArray(w.proxies())).put("regions", new JsonArray(w.regions()))
        .put("cadence", new JsonObject().put("mutable", Durations.format(w.cadence().mutable()))
            .put("info", Durations.format(w.cadence().info())).put("immutable", Durations.format(w.cadence().immutable())))
        .put("source", w.source());
  }

  /** Each release with, per proxy and region, when each signal first showed it and how long after the index. */
  static JsonObject releases(List<ReleaseView> releases) {
    JsonArray array = new JsonArray();
    for (ReleaseView r : releases) {
      Map<String, Map<String, JsonObject>> byProxy = new TreeMap<>();
      r.sightings().forEach(s -> byProxy.computeIfAbsent(s.proxy(), p -> new TreeMap<>())
          .computeIfAbsent(s.region(), x -> new JsonObject()).put(s.signal(), new JsonObject()
              .put("first_seen", s.firstSeen().toString()).put("lag_seconds", s.lagSeconds())
              .put("lag_from_first_region_seconds", s.fromFirstSeconds())));
      JsonObject proxies = new JsonObject();
      byProxy.forEach((proxy, regions) -> {
        JsonObject byRegion = new JsonObject();
        regions.forEach(byRegion::put);
        proxies.put(proxy, byRegion);
      });
      array.add(new JsonObject().put("module", r.module()).put("version", r.version())
          .put("index_time", r.indexTime().toString())
          .put("fully_propagated", r.propagatedAt().isPresent())
          .put("propagated_at", r.propagatedAt().map(Object::toString).orElse(null))
          .put("proxies", proxies));
    }
    return new JsonObject().put("releases", array);
  }

  static JsonObject propagation(String signal, List<ReleaseView.RegionLag> lags) {
    JsonObject regions = new JsonObject();
    lags.forEach(l -> regions.put(l.region(), new JsonObject().put("releases", l.releases())
        .put("p50_seconds", l.p50Seconds()).put("p95_seconds", l.p95Seconds()).put("max_seconds", l.maxSeconds())));
    return new JsonObject().put("endpoint", signal).put("regions", regions);
  }

  static JsonObject check(CheckResult c) {
    JsonArray rows = new JsonArray();
    c.rows().forEach(r -> rows.add(new JsonObject().put("region", r.region()).put("agent_id", r.agentId())
        .put("proxy", r.proxy()).put("endpoint", r.endpoint()).put("url", r.url()).put("status", r.status())
        .put("ttfb_ms", r.ttfbMs()).put("etag", r.etag()).put("content_sha256", r.contentSha256())
        .put("error", r.error()).put("time", r.time().toString())));
    JsonArray agreement = new JsonArray();
    c.agreement().forEach(a -> agreement.add(new JsonObject().put("proxy", a.proxy()).put("endpoint", a.endpoint())
        .put("status_agrees", a.statusAgrees()).put("etag_agrees", a.etagAgrees()).put("content_agrees", a.contentAgrees())));
    return new JsonObject().put("id", c.id()).put("module", c.module()).put("version", c.version())
        .put("proxies", new JsonArray(c.proxies())).put("created_at", c.createdAt().toString())
        .put("deadline", c.deadline().toString()).put("complete", c.complete())
        .put("agents", new JsonArray(c.agents())).put("silent_agents", new JsonArray(c.silentAgents()))
        .put("rows", rows).put("agreement", agreement);
  }
}
