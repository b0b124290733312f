package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  static final TargetKey MOD = new TargetKey("https://proxy", "example.com/hello", "v1.0.0", "mod");

  static Observation obs(String region, int status, String etag, String sha, String location) {
    return new Observation(MOD, region, region + "-1", 1, Instant.EPOCH, "https://proxy/example.com/hello/@v/v1.0.0.mod",
        status, null, etag, location, sha, null, "");
  }

  @Test
  void sameAnswerEverywhere_agrees() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", "aa", null), obs("frankfurt", 200, "\"a\"", "aa", null)), null);
    assertThat(c.diverging()).isFalse();
    assertThat(c.outlierRegions()).isEmpty();
  }

  @Test
  void differentBodies_areContent_withTheLoneRegionAsOutlier() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", "aa", null), obs("frankfurt", 200, "\"b\"", "bb", null),
        obs("sao-paulo", 200, "\"a\"", "aa", null)), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.CONTENT);
    assertThat(c.outlierRegions()).containsExactly("frankfurt");
    assertThat(c.majorityRegions()).containsExactly("sao-paulo", "tokyo");
  }

  @Test
  void equalBodiesWithDifferentEtags_areEtagOnly() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", "aa", null), obs("frankfurt", 200, "\"b\"", "aa", null)), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.ETAG);
  }

  @Test
  void weakAndStrongFormsOfOneEtag_agree() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "W/\"a\"", "aa", null), obs("frankfurt", 200, "\"a\"", "aa", null)), null);
    assertThat(c.diverging()).isFalse();
  }

  @Test
  void headProbesWithoutBodies_differingEtags_areEtagOnly() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", null, null), obs("frankfurt", 200, "\"b\"", null, null)), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.ETAG);
  }

  static final TargetKey ZIP = new TargetKey("https://proxy", "example.com/hello", "v1.0.0", "zip");

  static Observation zip(String region, String etag, String sha) {
    return new Observation(ZIP, region, region + "-1", 1, Instant.EPOCH, "https://proxy/example.com/hello/@v/v1.0.0.zip",
        200, null, etag, null, sha, null, "");
  }

  @Test
  void zipBodiesHashedByEveryRegion_areCompared_otherBytesAtOneEdgeAreContent() {
    Comparison c = Comparison.of(ZIP, List.of(zip("tokyo", "\"x\"", "cc"), zip("frankfurt", "\"a\"", "aa"),
        zip("sao-paulo", "\"a\"", "aa")), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.CONTENT);
    assertThat(c.outlierRegions()).containsExactly("tokyo");
  }

  @Test
  void zipBodyHashedByOnlySomeRegions_isLeftOut_aRegionNotYetVerifiedIsNoOutlier() {
    Comparison same = Comparison.of(ZIP, List.of(zip("tokyo", "\"a\"", "aa"), zip("frankfurt", "\"a\"", null)), null);
    assertThat(same.diverging()).isFalse();
    Comparison other = Comparison.of(ZIP, List.of(zip("tokyo", "\"x\"", "cc"), zip("frankfurt", "\"a\"", null),
        zip("sao-paulo", "\"a\"", null)), null);
    assertThat(other.kind()).isEqualTo(EpisodeKind.ETAG);
    assertThat(other.outlierRegions()).containsExactly("tokyo");
  }

  @Test
  void modBodies_areComparedEvenWhenARegionReadNone() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", "aa", null), obs("frankfurt", 200, "\"a\"", null, null)), null);
    assertThat(c.diverging()).isTrue();
  }

  @Test
  void statusBeatsEverythingElse() {
    Comparison c = Comparison.of(MOD, List.of(obs("tokyo", 200, "\"a\"", "aa", null), obs("frankfurt", 404, "", "cc", null),
        obs("los-angeles", 200, "\"a\"", "aa", null)), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.STATUS);
    assertThat(c.outlierRegions()).containsExactly("frankfurt");
  }

  @Test
  void redirectsCompareSchemeHostAndPath_neverTheSignedQuery() {
    Comparison sameObject = Comparison.of(MOD, List.of(
        obs("tokyo", 302, "\"z\"", null, "https://storage.example/bucket/x.zip?sig=1"),
        obs("frankfurt", 302, "\"z\"", null, "https://storage.example/bucket/x.zip?sig=2")), null);
    assertThat(sameObject.diverging()).isFalse();
    Comparison otherHost = Comparison.of(MOD, List.of(
        obs("tokyo", 302, "\"z\"", null, "https://storage.example/bucket/x.zip?sig=1"),
        obs("frankfurt", 302, "\"z\"", null, "https://other.example/bucket/x.zip?sig=2")), null);
    assertThat(otherHost.kind()).isEqualTo(EpisodeKind.REDIRECT);
  }

  @Test
  void aTie_keepsThePreviousMajority() {
    List<Observation> tie = List.of(obs("tokyo", 200, "", "aa", null), obs("frankfurt", 200, "", "bb", null));
    Fingerprint bb = tie.get(1).fingerprint();
    assertThat(Comparison.of(MOD, tie, bb.key()).outlierRegions()).containsExactly("tokyo");
    assertThat(Comparison.of(MOD, tie, tie.get(0).fingerprint().key()).outlierRegions()).containsExactly("frankfurt");
  }

  @Test
  void failedProbes_areStatusDivergence_namedByTheirClass() {
    Observation timeout = new Observation(MOD, "tokyo", "t", 1, Instant.EPOCH, "u", 0, "timeout", "", "", null, null, "");
    Comparison c = Comparison.of(MOD, List.of(timeout, obs("frankfurt", 200, "", "aa", null)), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.STATUS);
    assertThat(c.fingerprints().get("tokyo").display()).isEqualTo("error:timeout");
  }

  static final TargetKey LIST = new TargetKey("https://proxy", "example.com/hello", "", "list");
  static final TargetKey LATEST = new TargetKey("https://proxy", "example.com/hello", "", "latest");
  static final TargetKey INFO = new TargetKey("https://proxy", "example.com/hello", "v1.2.0", "info");

  static Observation list(String region, String... versions) {
    return new Observation(LIST, region, region + "-1", 1, Instant.EPOCH, "u", 200, null, null, null,
        String.join(",", versions), List.of(versions), "");
  }

  static Observation latest(String region, String version) {
    return new Observation(LATEST, region, region + "-1", 1, Instant.EPOCH, "u", 200, null, null, null,
        "sha-" + version, null, version);
  }

  @Test
  void aRegionAheadOnTheList_isNeverTheOutlier_theLaggingOnesAreStale() {
    Comparison c = Comparison.of(LIST, List.of(list("frankfurt", "v1.0.0", "v1.1.0", "v1.2.0"),
        list("tokyo", "v1.0.0", "v1.1.0"), list("sao-paulo", "v1.0.0", "v1.1.0"), list("los-angeles", "v1.0.0", "v1.1.0")), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.STALE);
    assertThat(c.majorityRegions()).containsExactly("frankfurt");
    assertThat(c.outlierRegions()).containsExactly("los-angeles", "sao-paulo", "tokyo");
  }

  @Test
  void aVersionMissingFromOneList_thatOthersKeep_isContent_andNoRegionIsBothMajorityAndOutlier() {
    Comparison c = Comparison.of(LIST, List.of(list("frankfurt", "v1.0.0", "v1.2.0"), list("tokyo", "v1.0.0", "v1.1.0"),
        list("sao-paulo", "v1.0.0", "v1.1.0")), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.CONTENT);
    assertThat(c.majorityRegions()).doesNotContainAnyElementsOf(c.outlierRegions());
  }

  @Test
  void anOlderLatest_isStale_aDifferentBodyForTheSameVersion_isContent() {
    Comparison stale = Comparison.of(LATEST, List.of(latest("tokyo", "v1.1.0"), latest("frankfurt", "v1.2.0"),
        latest("sao-paulo", "v1.1.0")), null);
    assertThat(stale.kind()).isEqualTo(EpisodeKind.STALE);
    assertThat(stale.outlierRegions()).containsExactly("sao-paulo", "tokyo");
    Observation otherTime = new Observation(LATEST, "sao-paulo", "s", 1, Instant.EPOCH, "u", 200, null, null, null,
        "other", null, "v1.2.0");
    Comparison content = Comparison.of(LATEST, List.of(latest("tokyo", "v1.2.0"), latest("frankfurt", "v1.2.0"), otherTime), null);
    assertThat(content.kind()).isEqualTo(EpisodeKind.CONTENT);
  }

  @Test
  void anInfoNotFoundYet_whereOthersServeIt_isStale() {
    Observation served = new Observation(INFO, "tokyo", "t", 1, Instant.EPOCH, "u", 200, null, null, null, "aa", null, "v1.2.0");
    Observation notYet = new Observation(INFO, "frankfurt", "f", 1, Instant.EPOCH, "u", 404, null, null, null, "nf", null, "");
    Comparison c = Comparison.of(INFO, List.of(served, notYet), null);
    assertThat(c.kind()).isEqualTo(EpisodeKind.STALE);
    assertThat(c.outlierRegions()).containsExactly("frankfurt");
  }
}
