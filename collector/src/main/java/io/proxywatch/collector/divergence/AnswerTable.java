package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each target's latest fresh answer per region, with the deadlines at which they stop being fresh, the regions'
 * tallies and the targets changed since the last committed evaluation. Answers are ordered and aged on the trusted
 * clock with each agent's skew as last read: a skew that moves deadlines earlier widens how far ahead
 * {@link #expire} looks, and beyond {@value #MAX_MARGIN_NANOS} ns every answer is filed again. Evaluator thread only.
 */
final class AnswerTable {
  static final long MAX_MARGIN_NANOS = 2_000_000_000L;

  final Answers answers = new Answers();
  final Names regions = new Names();
  private final Names keyParts = new Names();
  private final Map<TargetKey, TargetRow> rows = new HashMap<>();
  private final List<TargetRow> byIndex = new ArrayList<>();
  private final DeadlineIndex deadlines = new DeadlineIndex();
  private final RegionCounts counts = new RegionCounts();
  private final List<TargetRow> dirty = new ArrayList<>();
  private Map<String, Long> skewByAgent = Map.of();
  private long[] skews = new long[0];
  private long[] indexedSkews = new long[0];
  private FreshnessWindows windows;
  private long answerCount;
  /** Answers accepted so far: each accepted answer's number, for {@link TargetRow#answered}. */
  private long accepted;

  AnswerTable(FreshnessWindows windows) {
    this.windows = windows;
  }

  /** The row of a target, made on first sight (proxy, version and endpoint texts kept once for all targets). */
  TargetRow row(String proxy, String module, String version, String endpoint) {
    TargetKey key = new TargetKey(proxy, module, version, endpoint);
    TargetRow row = rows.get(key);
    if (row != null) return row;
    key = new TargetKey(keyParts.shared(proxy), module, keyParts.shared(version), keyParts.shared(endpoint));
    row = new TargetRow(key, byIndex.size());
    rows.put(key, row);
    byIndex.add(row);
    return row;
  }

  TargetRow find(TargetKey key) {
    return rows.get(key);
  }

  /**
   * Keeps {@code answer} if it is later than the region's current one (by trusted time, then sequence). The target
   * counts as changed only when the region had no fresh answer or is now told something else: one without an open
   * episode cannot compare differently when only the time and the sequence of an answer moved, and one with an open
   * episode is judged again when any of its answers is new ({@link TargetRow#answered}, for rounds).
   */
  void put(TargetRow row, String region, RegionAnswer answer) {
    int r = regions.id(region);
    RegionAnswer old = row.get(r);
    if (old != null && !answer.after(old, skew(answer.agent), skew(old.agent))) return;
    if (old != null) counts.remove(r, old);
    else answerCount++;
    row.set(r, answer);
    counts.add(r, answer);
    file(row, r, answer);
    row.answered = ++accepted;
    if (old == null || !answer.tellsSameAs(old)) touch(row);
  }

  /** Every agent's clock skew as measured now (an agent not named has none). */
  void skews(Map<String, Long> byAgent) {
    skewByAgent = byAgent;
    for (int a = 0; a < skews.length; a++) skews[a] = byAgent.getOrDefault(answers.agents.name(a), 0L);
  }

  /** New windows (the watches' cadences changed): every answer is filed again under its new deadline. */
  void windows(FreshnessWindows value) {
    if (value.equals(windows)) return;
    windows = value;
    refile();
  }

  /** Drops every answer that is no longer fresh at {@code nowNanos} (epoch nanoseconds); its target changed. */
  void expire(long nowNanos) {
    long margin = margin();
    if (margin > MAX_MARGIN_NANOS) {
      refile();
      margin = 0;
    }
    deadlines.takeDue(Math.floorDiv(nowNanos + margin, 1_000_000_000L), (second, index, r) -> {
      TargetRow row = byIndex.get(index);
      RegionAnswer a = row.get(r);
      if (a == null || a.indexedSecond != second) return;
      if (deadline(row, a) > nowNanos) {
        file(row, r, a);
        return;
      }
      counts.remove(r, a);
      row.set(r, null);
      answerCount--;
      touch(row);
    });
  }

  /** The fresh observations of one target, in region order. */
  List<Observation> observations(TargetRow row) {
    Map<String, Observation> byRegion = new TreeMap<>();
    for (int r = 0; r < row.regions(); r++) {
      RegionAnswer a = row.get(r);
      if (a != null) byRegion.put(regions.name(r), a.observation(row.key, regions.name(r), answers.agents.name(a.agent), skew(a.agent)));
    }
    return new ArrayList<>(byRegion.values());
  }

  List<RegionTally> tallies() {
    return counts.tallies(regions);
  }

  /** The targets changed since the last {@link #clean}. */
  List<TargetRow> dirty() {
    return dirty;
  }

  void clean() {
    dirty.forEach(row -> row.dirty = false);
    dirty.clear();
  }

  int targets() {
    return rows.size();
  }

  long answers() {
    return answerCount;
  }

  long deadlineEntries() {
    return deadlines.entries();
  }

  private void touch(TargetRow row) {
    if (row.dirty) return;
    row.dirty = true;
    dirty.add(row);
  }

  private long deadline(TargetRow row, RegionAnswer a) {
    return a.seenAtMicros(skew(a.agent)) * 1_000L + windows.of(row.key.endpoint()).toNanos();
  }

  private void file(TargetRow row, int region, RegionAnswer a) {
    long skew = skew(a.agent);
    a.indexedSecond = deadlines.add(row.index, region, deadline(row, a));
    indexedSkews[a.agent] = Math.max(indexedSkews[a.agent], skew);
  }

  private void refile() {
    deadlines.clear();
    Arrays.fill(indexedSkews, Long.MIN_VALUE);
    for (TargetRow row : byIndex) {
      for (int r = 0; r < row.regions(); r++) if (row.get(r) != null) file(row, r, row.get(r));
    }
  }

  /** How much earlier than filed a deadline may fall now: the most any agent's skew dropped since its answers were filed. */
  private long margin() {
    long margin = 0;
    for (int a = 0; a < skews.length; a++) {
      if (indexedSkews[a] != Long.MIN_VALUE) margin = Math.max(margin, (indexedSkews[a] - skews[a]) * 1_000L);
    }
    return margin;
  }

  private long skew(int agent) {
    if (agent >= skews.length) {
      int from = skews.length;
      skews = Arrays.copyOf(skews, agent + 1);
      indexedSkews = Arrays.copyOf(indexedSkews, agent + 1);
      for (int a = from; a <= agent; a++) {
        skews[a] = skewByAgent.getOrDefault(answers.agents.name(a), 0L);
        indexedSkews[a] = Long.MIN_VALUE;
      }
    }
    return skews[agent];
  }
}
