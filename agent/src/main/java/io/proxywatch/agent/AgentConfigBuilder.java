package io.proxywatch.agent;

import io.proxywatch.agent.metrics.MetricsAddress;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.probe.ModuleVersion;
import io.proxywatch.common.Durations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an {@link AgentConfig} in code; only the region is required (with no module the
 * agent probes only what the collector pushes). {@link #build()}
 * validates, as the constructor does. The defaults below are the only place they are written: the command line
 * shows and applies these same texts ({@code AgentOptions}).
 */
public final class AgentConfigBuilder {
  public static final String DEFAULT_COLLECTOR = "localhost:7443";
  public static final String DEFAULT_PROXY = "https://proxy.golang.org";
  public static final String DEFAULT_ENDPOINTS = "list,info,mod,zip,latest";
  public static final String DEFAULT_INTERVAL = "30s";
  /** A cold proxy fetch can take about 58 s (golang/go#57185). */
  public static final String DEFAULT_TIMEOUT = "70s";
  public static final String DEFAULT_CONCURRENCY = "8";
  public static final String DEFAULT_MAX_BODY = "16MiB";
  /** A sample takes about 200-600 bytes: days of a typical module list. */
  public static final String DEFAULT_SPOOL_MAX_BYTES = "256MiB";
  /** Every interface, so a kubelet reaches the port on the pod's address. */
  public static final String DEFAULT_METRICS_BIND = "0.0.0.0";

  private String region;
  private String agentId;
  private String collector = DEFAULT_COLLECTOR;
  private URI proxy = URI.create(DEFAULT_PROXY);
  private final List<ModuleVersion> modules = new ArrayList<>();
  private List<Endpoint> endpoints = Endpoint.parseList(DEFAULT_ENDPOINTS);
  private Duration interval = Durations.parse(DEFAULT_INTERVAL);
  private Duration timeout = Durations.parse(DEFAULT_TIMEOUT);
  private Path caFile;
  private boolean keepAlive;
  private Path stateDir;
  private int concurrency = Integer.parseInt(DEFAULT_CONCURRENCY);
  private long maxBodyBytes = Sizes.parse(DEFAULT_MAX_BODY);
  private long spoolMaxBytes = Sizes.parse(DEFAULT_SPOOL_MAX_BYTES);
  private String token;
  private Path tokenFile;
  private boolean collectorTls;
  private Path collectorCa;
  private Path clientCert;
  private Path clientKey;
  private final List<HostPin> connectTo = new ArrayList<>();
  private MetricsAddress metrics;
  private FetchConfig fetch = FetchConfig.DEFAULTS;

  AgentConfigBuilder() {}

  public AgentConfigBuilder region(String region) {
    this.region = region;
    return this;
  }

  /** Defaults to {@code <host name>-<region>}. */
  public AgentConfigBuilder agentId(String agentId) {
    this.agentId = agentId;
    return this;
  }

  /** The collector's address, {@code host:port}. */
  public AgentConfigBuilder collector(String hostPort) {
    this.collector = hostPort;
    return this;
  }

  /** The Go module proxy's base URL ({@code --goproxy}). */
  public AgentConfigBuilder goproxy(URI goproxy) {
    this.proxy = goproxy;
    return this;
  }

  public AgentConfigBuilder goproxy(String goproxy) {
    try {
      return goproxy(new URI(goproxy));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--goproxy: expected a URL, got \"" + goproxy + "\"", e);
    }
  }

  /** Same as {@link #goproxy(URI)}, the name before the option was renamed. */
  public AgentConfigBuilder proxy(URI goproxy) {
    return goproxy(goproxy);
  }

  /** Same as {@link #goproxy(String)}, the name before the option was renamed. */
  public AgentConfigBuilder proxy(String goproxy) {
    return goproxy(goproxy);
  }

  /** How probes fetch and reach the proxy; {@link FetchConfig#DEFAULTS} unless set. */
  public AgentConfigBuilder fetch(FetchConfig fetch) {
    this.fetch = fetch;
    return this;
  }

  /** Adds modules written {@code path@version}; IllegalArgumentException naming the bad one otherwise. */
  public AgentConfigBuilder modules(List<String> modules) {
    for (String module : modules) {
      try {
        ModuleVersion parsed = ModuleVersion.parse(module);
        if (!this.modules.contains(parsed)) this.modules.add(parsed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--module: " + e.getMessage(), e);
      }
    }
    return this;
  }

  public AgentConfigBuilder module(String module) {
    return modules(List.of(module));
  }

  public AgentConfigBuilder endpoints(Endpoint... endpoints) {
    this.endpoints = Arrays.asList(endpoints);
    return this;
  }

  public AgentConfigBuilder endpoints(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
    return this;
  }

  public AgentConfigBuilder interval(Duration interval) {
    this.interval = interval;
    return this;
  }

  /** Per probe, from its start to the end of its body. */
  public AgentConfigBuilder timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public AgentConfigBuilder caFile(Path caFile) {
    this.caFile = caFile;
    return this;
  }

  public AgentConfigBuilder keepAlive(boolean keepAlive) {
    this.keepAlive = keepAlive;
    return this;
  }

  /** Defaults to {@code $HOME/.local/state/proxywatch/<agent-id>}. */
  public AgentConfigBuilder stateDir(Path stateDir) {
    this.stateDir = stateDir;
    return this;
  }

  public AgentConfigBuilder concurrency(int concurrency) {
    this.concurrency = concurrency;
    return this;
  }

  public AgentConfigBuilder maxBodyBytes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /** The most the on-disk spool holds; when full, the oldest unacknowledged samples are dropped and counted. */
  public AgentConfigBuilder spoolMaxBytes(long spoolMaxBytes) {
    this.spoolMaxBytes = spoolMaxBytes;
    return this;
  }

  /** The agent token, sent as {@code authorization: Bearer <token>}. */
  public AgentConfigBuilder token(String token) {
    this.token = token;
    return this;
  }

  /** A file holding the agent token (trimmed), read again at each connect; wins over {@link #token}. */
  public AgentConfigBuilder tokenFile(Path tokenFile) {
    this.tokenFile = tokenFile;
    return this;
  }

  /** TLS to the collector with the system trust; a CA or a client certificate implies it. */
  public AgentConfigBuilder collectorTls(boolean collectorTls) {
    this.collectorTls = collectorTls;
    return this;
  }

  /** PEM certificates (a CA bundle or the collector's self-signed certificate) to trust for the collector. */
  public AgentConfigBuilder collectorCa(Path collectorCa) {
    this.collectorCa = collectorCa;
    return this;
  }

  /** Mutual TLS: the agent's PEM certificate chain and its PEM PKCS#8 private key. */
  public AgentConfigBuilder clientCert(Path certificate, Path privateKey) {
    this.clientCert = certificate;
    this.clientKey = privateKey;
    return this;
  }

  /**
   * Adds {@code --connect-to} pins written {@code HOST:PORT:ADDR:PORT}, as curl's; IllegalArgumentException
   * naming the bad one otherwise.
   */
  public AgentConfigBuilder connectTo(List<String> pins) {
    for (String pin : pins) {
      try {
        connectTo.add(HostPin.parse(pin));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--connect-to: " + e.getMessage(), e);
      }
    }
    return this;
  }

  /** Serve /metrics and /healthz on {@code bind}:{@code port} (0: any free port); off unless called. */
  public AgentConfigBuilder metrics(String bind, int port) {
    this.metrics = new MetricsAddress(bind, port);
    return this;
  }

  public AgentConfig build() {
    String id = agentId != null ? agentId : defaultAgentId(hostName(), region == null ? "" : region);
    Path dir = stateDir != null ? stateDir : defaultStateDir(id);
    return new AgentConfig(region, id, collector, proxy, modules, endpoints, interval, timeout, caFile,
        keepAlive, dir, concurrency, maxBodyBytes, spoolMaxBytes, token, tokenFile, collectorTls, collectorCa,
        clientCert, clientKey, connectTo, metrics, fetch);
  }

  /** {@code <host>-<region>}, reduced to the characters and length an agent id allows. */
  static String defaultAgentId(String host, String region) {
    String cleanHost = host.replaceAll("[^A-Za-z0-9._-]", "-");
    int room = Math.max(1, 63 - region.length());
    if (cleanHost.isEmpty()) cleanHost = "agent";
    return cleanHost.substring(0, Math.min(cleanHost.length(), room)) + "-" + region;
  }

  static Path defaultStateDir(String agentId) {
    return Path.of(System.getProperty("user.home"), ".local", "state", "proxywatch", agentId);
  }

  /** $HOSTNAME, /etc/hostname, then the resolver: the last costs a lookup, so it comes last. */
  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env.trim();
    try {
      String file = Files.readString(Path.of("/etc/hostname")).trim();
      if (!file.isEmpty()) return file;
    } catch (IOException | RuntimeException e) {
      // not on this system: fall through to the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "agent";
    }
  }
}
