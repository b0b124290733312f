package io.proxywatch.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.sumdb.dirhash.H1;
import io.proxywatch.sumdb.dirhash.ModuleZip;
import io.proxywatch.testkit.Ports;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our verifier against the Go team's own checksum database (scripts/sumdb.sh): an honest instance over the
 * simulated CDN's go.sum (padded to 608 records so proofs span two tile levels), one that lies about one zip,
 * and one that forks. The h1 values are checked against our dirhash of the tree's real .mod and .zip files.
 */
class ITGoSumDb {
  static final String LIE = "golang.org/x/demo@v0.2.0";
  static Path dir;
  static VerifierKey key;
  static SumDbVerifier honest;
  static SumDbVerifier liar;
  static SumDbVerifier fork;
  static URI honestUrl;
  static String verifierKey;
  static String liarUrl;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("proxywatch-sumdb-");
    String[] h = script("start", "honest", "--port", String.valueOf(Ports.free()), "--pad", "600").strip().split(" ");
    String[] l = script("start", "liar", "--port", String.valueOf(Ports.free()), "--lie", LIE).strip().split(" ");
    String[] f = script("start", "fork", "--port", String.valueOf(Ports.free()), "--fork").strip().split(" ");
    key = VerifierKey.parse(h[0]);
    verifierKey = h[0];
    liarUrl = l[1];
    assertThat(l[0]).isEqualTo(h[0]);
    assertThat(f[0]).isEqualTo(h[0]);
    honestUrl = URI.create(h[1]);
    honest = verifier(h[1]);
    liar = verifier(l[1]);
    fork = verifier(f[1]);
  }

  @AfterAll
  static void stop() throws Exception {
    if (dir != null) {
      script("stop-all");
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void honestDatabase_everyModuleVersionVerifiesAndMatchesTheCdnFiles() throws Exception {
    SignedTreeHead latest = honest.latest();
    assertThat(latest.size()).isEqualTo(608);
    for (String mv : modules()) {
      String[] p = mv.split("@");
      VerifiedLookup v = honest.lookup(p[0], p[1]);
      assertThat(v.head()).isEqualTo(latest);
      assertThat(v.modH1()).as(mv).isEqualTo(H1.goMod(Files.readAllBytes(file(p[0], p[1], ".mod"))));
      assertThat(v.zipH1()).as(mv).isEqualTo(zipH1(p[0], p[1]));
    }
  }

  /**
   * The go command itself as the oracle: {@code go mod download -json} of every module version from a file://
   * GOPROXY over the same tree, checksum database off, reports the h1 of each zip and go.mod, computed by Go's
   * dirhash. Ours must be the same, and so must the honest database's.
   */
  @Test
  void goCommand_downloadsEveryModuleVersion_withTheH1sWeCompute() throws Exception {
    List<String> modules = modules();
    List<Map<String, String>> downloads = goModDownload("off", modules);
    assertThat(downloads).hasSize(modules.size());
    for (Map<String, String> d : downloads) {
      String mv = d.get("Path") + "@" + d.get("Version");
      assertThat(d).as(mv).doesNotContainKey("Error");
      assertThat(d.get("Sum")).as(mv + " zip").isEqualTo(zipH1(d.get("Path"), d.get("Version")))
          .isEqualTo(honest.lookup(d.get("Path"), d.get("Version")).zipH1());
      assertThat(d.get("GoModSum")).as(mv + " go.mod")
          .isEqualTo(H1.goMod(Files.readAllBytes(file(d.get("Path"), d.get("Version"), ".mod"))));
    }
  }

  /** The go command, told to trust the lying database, refuses the zip with the same two h1s our verifier reports. */
  @Test
  void goCommand_refusesTheZipTheLyingDatabaseLiesAbout_withTheH1sOurVerifierReports() throws Exception {
    String[] p = LIE.split("@");
    List<Map<String, String>> downloads = goModDownload(verifierKey + " " + liarUrl, List.of(LIE, "example.com/hello@v1.0.0"));
    Map<String, String> lie = downloads.stream().filter(d -> d.get("Path").equals(p[0])).findFirst().orElseThrow();
    assertThat(lie.get("Error")).contains("checksum mismatch", "SECURITY ERROR")
        .contains("downloaded: " + zipH1(p[0], p[1]))
        .contains(key.name() + ": " + liar.lookup(p[0], p[1]).zipH1());
    Map<String, String> honestOne = downloads.stream().filter(d -> d.get("Path").equals("example.com/hello")).findFirst().orElseThrow();
    assertThat(honestOne).doesNotContainKey("Error");
    assertThat(honestOne.get("Sum")).isEqualTo(liar.lookup("example.com/hello", "v1.0.0").zipH1());
  }

  /** Runs Debian's go 1.19 (installed by sumdb.sh) in a fresh GOPATH; its -json objects as key/value maps. */
  private static List<Map<String, String>> goModDownload(String gosumdb, List<String> moduleVersions) throws Exception {
    Path run = Files.createTempDirectory(dir, "go-");
    List<String> command = new ArrayList<>(List.of("/usr/lib/go-1.19/bin/go", "mod", "download", "-json"));
    command.addAll(moduleVersions);
    ProcessBuilder builder = new ProcessBuilder(command).directory(run.toFile())
        .redirectError(run.resolve("stderr").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("GO"));
    env.put("HOME", run.toString());
    env.put("GOENV", "off");
    env.put("GOPATH", run.resolve("gopath").toString());
    env.put("GOCACHE", run.resolve("cache").toString());
    env.put("GOFLAGS", "-modcacherw");
    env.put("GO111MODULE", "on");
    env.put("GOPROXY", dir.resolve("tree").toUri().toString());
    env.put("GOSUMDB", gosumdb);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("go mod download finished").isTrue();
    List<Map<String, String>> objects = new ArrayList<>();
    Pattern field = Pattern.compile("^\\s*\"(\\w+)\": \"(.*)\",?$");
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) objects.add(new java.util.TreeMap<>());
      Matcher m = field.matcher(line);
      if (m.matches() && !objects.isEmpty()) objects.get(objects.size() - 1).put(m.group(1), m.group(2));
    }
    assertThat(objects).as("go output: " + out + Files.readString(run.resolve("stderr"))).isNotEmpty();
    return objects;
  }

  @Test
  void lyingDatabase_isSignedAndConsistentButDisagreesWithTheZip() throws Exception {
    String[] p = LIE.split("@");
    VerifiedLookup lie = liar.lookup(p[0], p[1]);
    String real = zipH1(p[0], p[1]);
    assertThat(lie.zipH1()).isNotEqualTo(real);
    assertThat(honest.lookup(p[0], p[1]).zipH1()).isEqualTo(real);
    assertThat(lie.modH1()).isEqualTo(honest.lookup(p[0], p[1]).modH1());
  }

  @Test
  void forkedDatabase_failsTheConsistencyProof() throws Exception {
    SignedTreeHead mine = honest.latest();
    SignedTreeHead theirs = fork.latest();
    assertThat(theirs.size()).isEqualTo(9);
    assertThatThrownBy(() -> honest.checkConsistent(mine, theirs))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.INCONSISTENT))
        .hasMessageContaining("is not a prefix of tree 608");
    honest.checkConsistent(mine, mine);
  }

  @Test
  void hostileAnswers_areClearErrorsNeverVerified() throws Exception {
    SumDbSource real = HttpSumDbSource.of(honestUrl, Duration.ofSeconds(10));
    String realBody = new String(real.get("lookup/example.com/hello@v1.0.0"), StandardCharsets.UTF_8);
    assertReason(body(real, realBody.replaceFirst("h1:.", "h1:A")), SumDbException.Reason.INCONSISTENT);
    assertReason(body(real, realBody.replaceFirst("^\\d+", "5")), SumDbException.Reason.INCONSISTENT);
    assertReason(body(real, realBody.substring(0, realBody.length() - 2)), SumDbException.Reason.MALFORMED);
    assertReason(body(real, realBody.substring(realBody.indexOf('\n') + 1)), SumDbException.Reason.MALFORMED);
    assertReason(body(real, "x".repeat(LookupResponse.MAX_BYTES + 1)), SumDbException.Reason.TOO_LARGE);
    SumDbSource badTiles = path -> path.startsWith("tile/") ? new byte[32] : real.get(path);
    assertThatThrownBy(() -> new SumDbVerifier(key, badTiles).lookup("example.com/hello", "v1.0.0"))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isIn(SumDbException.Reason.INCONSISTENT,
            SumDbException.Reason.MALFORMED));
    assertThatThrownBy(() -> new SumDbVerifier(SignedNoteTest.SUM_GOLANG_ORG, real).latest())
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.UNKNOWN_KEY));
    assertThatThrownBy(() -> honest.lookup("example.com/nothere", "v1.0.0"))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.NOT_FOUND));
    assertThatThrownBy(() -> verifier("http://127.0.0.1:" + Ports.free()).latest())
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.UNAVAILABLE));
  }

  private static SumDbSource body(SumDbSource real, String lookupBody) {
    return path -> path.startsWith("lookup/") ? lookupBody.getBytes(StandardCharsets.UTF_8) : real.get(path);
  }

  private static void assertReason(SumDbSource source, SumDbException.Reason reason) {
    assertThatThrownBy(() -> new SumDbVerifier(key, source).lookup("example.com/hello", "v1.0.0"))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static String zipH1(String module, String version) throws Exception {
    try (InputStream in = Files.newInputStream(file(module, version, ".zip"))) {
      return ModuleZip.hash(in, module, version, dir).h1();
    }
  }

  private static Path file(String module, String version, String ext) {
    return dir.resolve("tree").resolve(ModulePaths.escape(module)).resolve("@v").resolve(version + ext);
  }

  private static List<String> modules() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("tree/modules.txt"))) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    assertThat(out).hasSize(8);
    return out;
  }

  private static SumDbVerifier verifier(String url) {
    return new SumDbVerifier(key, HttpSumDbSource.of(URI.create(url), Duration.ofSeconds(10)));
  }

  /** Runs scripts/sumdb.sh on our private state folder; a failure fails the test (never skips it). */
  private static String script(String... args) throws Exception {
    Path root = Path.of(System.getenv().getOrDefault("PROXYWATCH_REPO_ROOT", ".."));
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/sumdb.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("script.log").toFile());
    builder.environment().put("PROXYWATCH_SUMDB_DIR", dir.toString());
    builder.environment().put("PROXYWATCH_CDN_DIR", dir.resolve("no-cdn").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("sumdb.sh " + String.join(" ", args) + " failed: "
          + Files.readString(dir.resolve("script.log")));
    }
    return out;
  }
}
