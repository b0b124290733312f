package io.proxywatch.agent;

import io.proxywatch.agent.metrics.MetricsAddress;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.probe.ModuleVersion;
import io.proxywatch.agent.probe.ProxyUrls;
import io.proxywatch.agent.spool.DiskSpool;
import io.proxywatch.agent.transport.AgentToken;
import io.proxywatch.agent.transport.CollectorTarget;
import io.proxywatch.common.Durations;
import io.proxywatch.common.Identifiers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything an agent runs with, validated on construction; messages name the option and the value
 * ({@code --region: expected 1-64 characters of [a-z0-9-], got "Tokyo"}). Build one in code with
 * {@link #builder()}, or from the command line with {@code io.proxywatch.agent.cli.AgentMain}.
 *
 * @param collector the collector's gRPC address, {@code host:port}
 * @param proxy the Go module proxy's base URL, http or https ({@code --goproxy})
 * @param caFile extra PEM certificates to trust for the proxy, or null
 * @param keepAlive pool connections between probes (phases that did not happen are then absent)
 * @param stateDir where the sequence counter and the spool are kept
 * @param spoolMaxBytes the most the spool holds on disk before it drops the oldest unacknowledged samples
 * @param token the agent token sent to the collector, or null (a secret: never logged)
 * @param tokenFile a file holding the agent token, read at each connect; wins over {@code token}; or null
 * @param collectorTls connect to the collector with TLS (implied by {@code collectorCa} and a client certificate)
 * @param collectorCa PEM certificates to trust for the collector instead of the system trust, or null
 * @param clientCert PEM client certificate chain for mutual TLS, or null (then {@code clientKey} is null too)
 * @param clientKey PEM PKCS#8 private key of {@code clientCert}, or null
 * @param connectTo {@code --connect-to} pins: connections to a host and port go to another address; they win
 *     over pins the collector pushes for the same host and port
 * @param metrics where to serve /metrics and /healthz, or null (off)
 * @param fetch how probes fetch (encoding, User-Agent) and reach the proxy (IP family, resolver, egress proxy,
 *     private-proxy headers)
 */
public record AgentConfig(
    String region,
    String agentId,
    String collector,
    URI proxy,
    List<ModuleVersion> modules,
    List<Endpoint> endpoints,
    Duration interval,
    Duration timeout,
    Path caFile,
    boolean keepAlive,
    Path stateDir,
    int concurrency,
    long maxBodyBytes,
    long spoolMaxBytes,
    String token,
    Path tokenFile,
    boolean collectorTls,
    Path collectorCa,
    Path clientCert,
    Path clientKey,
    List<HostPin> connectTo,
    MetricsAddress metrics,
    FetchConfig fetch) {
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");

  public AgentConfig {
    check(Identifiers.isRegion(region), "--region", "expected " + Identifiers.REGION_RULE, region);
    check(Identifiers.isAgentId(agentId), "--agent-id", "expected " + Identifiers.AGENT_ID_RULE, agentId);
    check(collector != null && validHostPort(collector), "--collector", "expected HOST:PORT", collector);
    check(proxy != null && ProxyUrls.valid(proxy), "--goproxy",
        "expected an http or https URL without credentials, query or fragment", proxy == null ? null : redact(proxy));
    modules = List.copyOf(Objects.requireNonNull(modules, "modules"));
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    require(!endpoints.isEmpty(), "--endpoints: expected at least one endpoint");
    checkPositive(interval, "--interval");
    checkPositive(timeout, "--timeout");
    check(caFile == null || Files.isReadable(caFile), "--ca-file", "cannot read file", caFile);
    Objects.requireNonNull(stateDir, "stateDir");
    check(concurrency >= 1, "--concurrency", "expected a number >= 1", concurrency);
    check(maxBodyBytes >= 1, "--max-body", "expected a size >= 1 byte", maxBodyBytes);
    check(spoolMaxBytes >= DiskSpool.MIN_MAX_BYTES, "--spool-max-bytes", "expected a size >= 64KiB", spoolMaxBytes);
    if (token != null) token = AgentToken.check("--token", token);
    check(tokenFile == null || Files.isReadable(tokenFile), "--token-file", "cannot read file", tokenFile);
    check(collectorCa == null || Files.isReadable(collectorCa), "--collector-ca", "cannot read file", collectorCa);
    check(clientCert == null || Files.isReadable(clientCert), "--client-cert", "cannot read file", clientCert);
    check(clientKey == null || Files.isReadable(clientKey), "--client-key", "cannot read file", clientKey);
    check(clientKey != null || clientCert == null, "--client-cert", "requires --client-key", clientCert);
    check(clientCert != null || clientKey == null, "--client-key", "requires --client-cert", clientKey);
    connectTo = List.copyOf(Objects.requireNonNull(connectTo, "connectTo"));
    if (metrics != null) {
      check(metrics.port() >= 0 && metrics.port() <= 65535, "--metrics-port", "expected a port from 0 to 65535", metrics.port());
      check(!metrics.bind().isBlank(), "--metrics-bind", "expected an address", metrics.bind());
    }
    Objects.requireNonNull(fetch, "fetch");
    check(fetch.proxyAuthFile() == null || Files.isReadable(fetch.proxyAuthFile()), "--proxy-auth-file",
        "cannot read file", fetch.proxyAuthFile());
  }

  /** TLS to the collector: asked for, or implied by a CA or a client certificate. */
  public boolean tls() {
    return collectorTls || collectorCa != null || clientCert != null;
  }

  /** Where the collector is and how to reach it securely. */
  public CollectorTarget collectorTarget() {
    return new CollectorTarget(collector, tls(), collectorCa, clientCert, clientKey);
  }

  /** The redacted form: a record's default toString would print the token. */
  @Override
  public String toString() {
    return redacted();
  }

  public static AgentConfigBuilder builder() {
    return new AgentConfigBuilder();
  }

  /** For the start-up log line and --check: everything but the token, which shows only where it comes from. */
  public String redacted() {
    return "region=" + region + " agent-id=" + agentId + " collector=" + collector + " goproxy=" + proxy
        + " modules=" + modules.stream().map(ModuleVersion::toString).collect(Collectors.joining(","))
        + " endpoints=" + endpoints.stream().map(Endpoint::configName).collect(Collectors.joining(","))
        + " interval=" + Durations.format(interval) + " timeout=" + Durations.format(timeout)
        + " ca-file=" + (caFile == null ? "-" : caFile) + " keep-alive=" + keepAlive
        + " state-dir=" + stateDir + " concurrency=" + concurrency + " max-body=" + maxBodyBytes
        + " spool-max-bytes=" + spoolMaxBytes
        + " token=" + (tokenFile != null ? "file:" + tokenFile : token != null ? "(set)" : "-")
        + " collector-tls=" + tls() + " collector-ca=" + (collectorCa == null ? "-" : collectorCa)
        + " client-cert=" + (clientCert == null ? "-" : clientCert)
        + " client-key=" + (clientKey == null ? "-" : clientKey)
        + " connect-to=" + (connectTo.isEmpty() ? "-"
            : connectTo.stream().map(HostPin::toString).collect(Collectors.joining(",")))
        + " metrics=" + (metrics == null ? "-" : metrics) + " " + fetch;
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  private static void check(boolean ok, String option, String expectation, Object value) {
    if (!ok) {
      String got = value instanceof Duration d ? Durations.format(d) : String.valueOf(value);
      throw new IllegalArgumentException(option + ": " + expectation + ", got \"" + got + "\"");
    }
  }

  private static void checkPositive(Duration d, String option) {
    Objects.requireNonNull(d, option);
    check(!d.isNegative() && !d.isZero(), option, "expected a duration > 0", d);
  }

  private static boolean validHostPort(String s) {
    var m = HOST_PORT.matcher(s);
    return m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535;
  }

  private static String redact(URI uri) {
    return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
  }
}
