package io.proxywatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import io.proxywatch.common.OptionEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {
  static final String[] VALID = {"--region", "tokyo", "--module", "example.com/hello@v1.0.0"};

  @TempDir
  Path dir;

  @Test
  void tooShortAnInterval_isAUsageError() {
    Run run = run(Map.of(), "--region", "tokyo", "--module", "example.com/hello@v1.0.0", "--interval", "0s");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).startsWith("--interval: expected a duration >= 1s, got \"0s\"\n");
    assertThat(run.err).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badValues_nameTheOptionAndTheValue() {
    assertUsageError("--region: required (or set PROXYWATCH_REGION)", "--module", "example.com/hello@v1.0.0");
    assertUsageError("--interval: expected a duration like 500ms, 90s, 1h30m or 1d, got \"fast\"", with("--interval", "fast"));
    assertUsageError("--timeout: expected a duration > 0, got \"0s\"", with("--timeout", "0ms"));
    assertUsageError("--interval: expected a duration like 500ms, 90s, 1h30m or 1d, got \"30m1h\"", with("--interval", "30m1h"));
    assertUsageError("--timeout: expected a duration >= 0s, got \"-1s\"", with("--timeout", "-1s"));
    assertUsageError("--module: invalid module path \"Example.com/hello\": first path element may hold only "
        + "lower-case letters, digits, dots and dashes", "--region", "tokyo", "--module", "Example.com/hello@v1.0.0");
    assertUsageError("--module: invalid version \"1.0\": expected a canonical semantic version like v1.2.3",
        "--region", "tokyo", "--module", "example.com/hello@1.0");
    assertUsageError("--module: expected path@version, got \"example.com/hello\"", "--region", "tokyo", "--module", "example.com/hello");
    assertUsageError("--endpoints: unknown endpoint \"tarball\" (expected one of list, info, mod, zip, latest)",
        with("--endpoints", "list,tarball"));
    assertUsageError("--collector: expected HOST:PORT, got \"collector\"", with("--collector", "collector"));
    assertUsageError("--concurrency: expected a whole number, got \"many\"", with("--concurrency", "many"));
    assertUsageError("--max-body: expected a size like 16MiB, 512KiB or 1048576, got \"16MB\"", with("--max-body", "16MB"));
    assertUsageError("--connect-to: expected HOST:PORT:ADDR:PORT, got \"x\"", with("--connect-to", "x"));
    assertUsageError("--connect-to: expected HOST:PORT:ADDR:PORT, got \"proxy.golang.org:443:10.0.0.1:0\"",
        with("--connect-to", "proxy.golang.org:443:10.0.0.1:0"));
    assertUsageError("--region: expected 1-64 characters of [a-z0-9-], got \"Tokyo\"", "--region", "Tokyo", "--module",
        "example.com/hello@v1.0.0");
  }

  @Test
  void unreadableFiles_areUsageErrors() throws Exception {
    Path missing = dir.resolve("missing.txt");
    assertUsageError("--modules-file: cannot read \"" + missing + "\" (no such file)", with("--modules-file", missing.toString()));

    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    Run run = run(Map.of(), with("--ca-file", junk.toString()));
    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).startsWith("--ca-file: ").contains("junk.pem");
  }

  @Test
  void unusableTokenAndTlsFiles_areUsageErrorsNamingTheOption() throws Exception {
    var certificate = io.proxywatch.testkit.TestCertificates.generate(dir);
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    Path empty = Files.writeString(dir.resolve("token"), "\n");

    assertUsageError("--client-cert: requires --client-key, got \"" + certificate.pem() + "\"",
        with("--client-cert", certificate.pem().toString()));
    assertThat(run(Map.of(), with("--collector-ca", junk.toString())).err).startsWith("--collector-ca: ").contains("junk.pem");
    assertThat(run(Map.of(), "--region", "tokyo", "--module", "example.com/hello@v1.0.0", "--client-cert",
        certificate.pem().toString(), "--client-key", junk.toString()).err).startsWith("--client-key: ").contains("junk.pem");
    assertUsageError("--token-file: \"" + empty + "\": expected a token, got an empty value", with("--token-file", empty.toString()));
    Run ok = run(Map.of("PROXYWATCH_AGENT_TOKEN", "pwa_s3cr3t"), "--check", "--region", "tokyo", "--module",
        "example.com/hello@v1.0.0", "--collector-ca", certificate.pem().toString(), "--client-cert",
        certificate.pem().toString(), "--client-key", certificate.keyPem().toString());
    assertThat(ok.code).as(ok.err).isZero();
    assertThat(ok.out).contains("token=(set)", "collector-tls=true").doesNotContain("s3cr3t");
  }

  @Test
  void aBadLineInTheModulesFile_namesFileAndLine() throws Exception {
    Path file = Files.writeString(dir.resolve("modules.txt"), "# modules\nexample.com/a@v1.0.0\nexample.com/b@latest\n");
    assertUsageError("--modules-file: " + file + ":3: invalid version \"latest\": expected a canonical semantic version like v1.2.3",
        "--region", "tokyo", "--modules-file", file.toString());
  }

  @Test
  void unknownOptions_areUsageErrors() {
    Run run = run(Map.of(), with("--regoin", "x"));
    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--regoin").contains("--help");
  }

  @Test
  void check_printsTheConfigurationFromOptionsFilesAndEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("modules.txt"),
        "# production set\n\ngolang.org/x/mod@v0.20.0   # tooling\n  github.com/Azure/go-widget@v1.2.3\n");
    Map<String, String> env = Map.of("PROXYWATCH_REGION", "eu-central-1", "PROXYWATCH_INTERVAL", "5m",
        "PROXYWATCH_KEEP_ALIVE", "true", "PROXYWATCH_MODULE", "example.com/a@v1.0.0,example.com/b@v2.0.0",
        "PROXYWATCH_ENDPOINTS", "mod,zip", "PROXYWATCH_STATE_DIR", dir.toString());

    Run run = run(env, "--check", "--agent-id", "agent-1", "--timeout", "10s", "--modules-file", file.toString());

    assertThat(run.err).isEmpty();
    assertThat(run.code).isZero();
    assertThat(run.out).contains("region=eu-central-1", "agent-id=agent-1", "interval=5m", "timeout=10s",
        "keep-alive=true", "endpoints=mod,zip", "state-dir=" + dir,
        "modules=example.com/a@v1.0.0,example.com/b@v2.0.0,golang.org/x/mod@v0.20.0,github.com/Azure/go-widget@v1.2.3",
        "collector=localhost:7443", "goproxy=https://proxy.golang.org", "concurrency=8", "max-body=16777216",
        "spool-max-bytes=268435456", "token=-", "collector-tls=false");
  }

  @Test
  void intervals_areWrittenInTheSharedGrammar_daysAndCompoundUnitsIncluded() {
    Run days = run(Map.of(), "--check", "--region", "tokyo", "--module", "example.com/a@v1.0.0", "--interval=1d",
        "--timeout", "1m10s");
    Run compound = run(Map.of("PROXYWATCH_INTERVAL", "1h30m"), "--check", "--region", "tokyo", "--module",
        "example.com/a@v1.0.0");

    assertThat(days.err).isEmpty();
    assertThat(days.out).contains("interval=1d", "timeout=1m10s");
    assertThat(compound.out).contains("interval=1h30m", "timeout=1m10s");
  }

  @Test
  void optionsOverrideTheEnvironment() {
    Run run = run(Map.of("PROXYWATCH_REGION", "tokyo", "PROXYWATCH_INTERVAL", "5m", "PROXYWATCH_KEEP_ALIVE", "true"),
        "--check", "--region", "osaka", "--interval", "10s", "--module", "example.com/a@v1.0.0", "--keep-alive=false");

    assertThat(run.out).contains("region=osaka", "interval=10s", "keep-alive=false");
  }

  @Test
  void help_documentsEveryOptionWithItsVariable() {
    Run run = run(Map.of(), "--help");

    assertThat(run.code).isZero();
    for (String option : new String[] {"region", "agent-id", "collector", "goproxy", "module", "modules-file",
        "accept-encoding", "user-agent", "ip-family", "resolver", "egress-proxy", "no-proxy", "proxy-auth-file", "log-format",
        "endpoints", "interval", "timeout", "ca-file", "keep-alive", "state-dir", "concurrency", "max-body", "spool-max-bytes",
        "collector-tls", "collector-ca", "client-cert", "client-key", "token", "token-file", "connect-to", "metrics-port", "metrics-bind"}) {
      assertThat(run.out).contains("--" + option).contains(new OptionEnvironment(Map.of(), AgentMain.VARIABLE_EXCEPTIONS).variable("--" + option));
    }
  }

  @Test
  void fetchAndReachOptions_nameTheOptionAndTheValue() throws Exception {
    assertUsageError("--accept-encoding: expected identity or gzip, got \"br\"", with("--accept-encoding", "br"));
    assertUsageError("--ip-family: expected 4, 6 or any, got \"5\"", with("--ip-family", "5"));
    assertUsageError("--resolver: expected system or an IP address with an optional port (10.0.0.2, 10.0.0.2:5353, "
        + "[fd00::53]:53), got \"dns.example\"", with("--resolver", "dns.example"));
    assertUsageError("--resolver: expected system or an IP address with an optional port (10.0.0.2, 10.0.0.2:5353, "
        + "[fd00::53]:53), got \"10.0.0.300\"", with("--resolver", "10.0.0.300"));
    assertUsageError("--user-agent: expected 1-256 printable ASCII characters, got \" \"", with("--user-agent", " "));
    assertUsageError("--egress-proxy: expected http://[user:password@]host:port, got \"socks5://***@proxy:1080\"",
        with("--egress-proxy", "socks5://bob:s3cr3t@proxy:1080"));
    assertUsageError("--log-format: expected text or json, got \"xml\"", with("--log-format", "xml"));
    assertUsageError("--goproxy: expected an http or https URL without credentials, query or fragment, got "
        + "\"ftp://proxy.example\"", with("--goproxy", "ftp://proxy.example"));
    Run variable = run(Map.of("HTTPS_PROXY", "https://bob:s3cr3t@proxy:3128"), VALID);
    assertThat(variable.err).startsWith("HTTPS_PROXY: expected http://[user:password@]host:port, got "
        + "\"https://***@proxy:3128\"\n").doesNotContain("s3cr3t");
  }

  @Test
  void theProxyAuthFile_mustBeWellFormedAndPrivate() throws Exception {
    Path file = Files.writeString(dir.resolve("auth"), "https://goproxy.corp/ basic bob:s3cr3t\nhttps://x/ bearer zz\n");
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertUsageError("--proxy-auth-file: " + file + ":2: expected \"URL_PREFIX header Name: value\" or "
        + "\"URL_PREFIX basic user:password\" (line not shown)", with("--proxy-auth-file", file.toString()));
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertUsageError("--proxy-auth-file: \"" + file + "\" is accessible by other users (mode rw-r--r--); allow the "
        + "owner and group only, for example chmod 600", with("--proxy-auth-file", file.toString()));
  }

  @Test
  void check_showsTheFetchSettings_withoutCredentials() {
    Run run = run(Map.of("HTTPS_PROXY", "http://bob:s3cr3t@egress.internal:3128", "NO_PROXY", ".corp,10.0.0.1"),
        "--check", "--region", "tokyo", "--module", "example.com/a@v1.0.0", "--ip-family", "6",
        "--resolver", "[fd00::53]", "--proxy", "https://goproxy.corp");

    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).contains("goproxy=https://goproxy.corp", "accept-encoding=gzip",
        "user-agent=\"proxywatch-agent/dev (like Go-http-client/2.0)\"", "ip-family=6", "resolver=[fd00:0:0:0:0:0:0:53]:53",
        "egress-proxy=https:http://***@egress.internal:3128,http:- no-proxy=.corp,10.0.0.1").doesNotContain("s3cr3t");
  }

  private static String[] with(String option, String value) {
    return new String[] {VALID[0], VALID[1], VALID[2], VALID[3], option, value};
  }

  private void assertUsageError(String message, String... args) {
    Run run = run(Map.of(), args);
    assertThat(run.code).as(run.err).isEqualTo(2);
    assertThat(run.err).startsWith(message + "\n");
    assertThat(run.err).doesNotContain("\tat ");
  }

  private static Run run(Map<String, String> env, String... args) {
    CommandLine cmd = AgentMain.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}
}
