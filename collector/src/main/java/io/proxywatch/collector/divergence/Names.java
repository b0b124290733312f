package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small ids for the few distinct strings of one kind (regions, agents, failure classes), and one shared instance of
 * each, so the leader's table of latest answers ({@link LatestObservations}) holds an int or a reference per entry, never
 * a copy of the text.
 */
final class Names {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  int id(String name) {
    Integer id = ids.get(name);
    if (id != null) return id;
    ids.put(name, names.size());
    names.add(name);
    return names.size() - 1;
  }

  String name(int id) {
    return names.get(id);
  }

  /** The one shared instance equal to {@code name}. */
  String shared(String name) {
    return names.get(id(name));
  }

  int size() {
    return names.size();
  }
}
