package io.proxywatch.agent.cli;

import io.proxywatch.agent.AgentConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options, as the user wrote them. Each option can also come from the environment
 * variable PROXYWATCH_ + its name in upper case with underscores ({@code OptionEnvironment}); its default is the
 * builder's ({@link AgentConfigBuilder}). Values stay strings here so that {@link ConfigLoader} alone turns them
 * into an AgentConfig, with one style of message.
 */
final class AgentOptions {
  @Option(names = "--region", paramLabel = "REGION",
      description = "Region label, 1-64 characters of [a-z0-9-]. Required. Env: PROXYWATCH_REGION.")
  String region;

  @Option(names = "--agent-id", paramLabel = "ID",
      description = "Agent identity, 1-64 characters of [A-Za-z0-9._-]. Default: <host name>-<region>. "
          + "Env: PROXYWATCH_AGENT_ID.")
  String agentId;

  @Option(names = "--collector", paramLabel = "HOST:PORT", defaultValue = AgentConfigBuilder.DEFAULT_COLLECTOR,
      description = "Collector gRPC address. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_COLLECTOR.")
  String collector;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Agent token, sent as 'authorization: Bearer TOKEN'. Prefer --token-file or the variable: "
          + "a command line is visible to other users. Env: PROXYWATCH_AGENT_TOKEN.")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the agent token (trimmed), read again at each connect; wins over --token. "
          + "Env: PROXYWATCH_AGENT_TOKEN_FILE.")
  String tokenFile;

  @Option(names = "--collector-tls",
      description = "Connect to the collector with TLS, trusting the system's CAs. Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_COLLECTOR_TLS.")
  boolean collectorTls;

  @Option(names = "--collector-ca", paramLabel = "FILE",
      description = "PEM CA bundle or self-signed certificate to trust for the collector, instead of the "
          + "system's; implies TLS. Env: PROXYWATCH_COLLECTOR_CA.")
  String collectorCa;

  @Option(names = "--client-cert", paramLabel = "FILE",
      description = "PEM client certificate chain for mutual TLS; needs --client-key; implies TLS. "
          + "Env: PROXYWATCH_CLIENT_CERT.")
  String clientCert;

  @Option(names = "--client-key", paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --client-cert. Env: PROXYWATCH_CLIENT_KEY.")
  String clientKey;

  // --- fetching and reach (issue 13): kept together ---
  @Option(names = "--goproxy", paramLabel = "URL",
      description = "Go module proxy base URL. Default: " + AgentConfigBuilder.DEFAULT_PROXY + ". Env: PROXYWATCH_GOPROXY.")
  String goproxy;

  @Option(names = "--proxy", paramLabel = "URL", hidden = true,
      description = "Deprecated name of --goproxy. Env: PROXYWATCH_PROXY.")
  String deprecatedProxy;

  @Option(names = "--accept-encoding", paramLabel = "identity|gzip", defaultValue = "gzip",
      description = "What probes ask for; a gzip answer is decoded before hashing, as the go command does. "
          + "Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_ACCEPT_ENCODING.")
  String acceptEncoding;

  @Option(names = "--user-agent", paramLabel = "TEXT",
      description = "User-Agent of the probes. Default: proxywatch-agent/<version> (like Go-http-client/2.0). "
          + "Env: PROXYWATCH_USER_AGENT.")
  String userAgent;

  @Option(names = "--ip-family", paramLabel = "4|6|any", defaultValue = "any",
      description = "Resolve and connect over IPv4 only, IPv6 only, or either. Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_IP_FAMILY.")
  String ipFamily;

  @Option(names = "--resolver", paramLabel = "system|ADDR[:PORT]", defaultValue = "system",
      description = "DNS server probes ask (UDP, port 53 by default) instead of the system's resolver. "
          + "Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_RESOLVER.")
  String resolver;

  @Option(names = "--egress-proxy", paramLabel = "URL",
      description = "HTTP proxy probes go out through (CONNECT for https). Default: HTTPS_PROXY / HTTP_PROXY. "
          + "Env: PROXYWATCH_EGRESS_PROXY.")
  String egressProxy;

  @Option(names = "--no-proxy", paramLabel = "LIST",
      description = "Hosts reached without the egress proxy, as NO_PROXY. Default: NO_PROXY. Env: PROXYWATCH_NO_PROXY.")
  String noProxy;

  @Option(names = "--proxy-auth-file", paramLabel = "FILE",
      description = "Headers for private Go module proxies: lines 'URL_PREFIX header Name: value' or "
          + "'URL_PREFIX basic user:password'; re-read every minute; never logged. Env: PROXYWATCH_PROXY_AUTH_FILE.")
  String proxyAuthFile;

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "Log lines as text or as one JSON object each. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_LOG_FORMAT.")
  String logFormat;
  // --- end of fetching and reach ---

  @Option(names = "--connect-to", paramLabel = "HOST:PORT:ADDR:PORT", split = ",",
      description = "Connect to ADDR:PORT instead of HOST:PORT (the URL, Host header and TLS name stay); "
          + "repeatable, or comma-separated; wins over pins the collector pushes. Env: PROXYWATCH_CONNECT_TO.")
  List<String> connectTo = new ArrayList<>();

  @Option(names = "--module", paramLabel = "PATH@VERSION", split = ",",
      description = "Module version to probe; repeatable, or comma-separated. Env: PROXYWATCH_MODULE.")
  List<String> modules = new ArrayList<>();

  @Option(names = "--modules-file", paramLabel = "FILE",
      description = "File with one PATH@VERSION per line; # comments and blank lines allowed. "
          + "Env: PROXYWATCH_MODULES_FILE.")
  String modulesFile;

  @Option(names = "--endpoints", paramLabel = "LIST", defaultValue = AgentConfigBuilder.DEFAULT_ENDPOINTS,
      description = "Endpoints to probe. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_ENDPOINTS.")
  String endpoints;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = AgentConfigBuilder.DEFAULT_INTERVAL,
      description = "Time between rounds (>= 1s; starts jittered over the first 20%%). Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_INTERVAL.")
  String interval;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = AgentConfigBuilder.DEFAULT_TIMEOUT,
      description = "Deadline of one probe. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_TIMEOUT.")
  String timeout;

  @Option(names = "--ca-file", paramLabel = "FILE",
      description = "Extra PEM certificates to trust for the proxy, added to the system trust. "
          + "Env: PROXYWATCH_CA_FILE.")
  String caFile;

  @Option(names = "--keep-alive",
      description = "Reuse connections between probes instead of a fresh one per probe. Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_KEEP_ALIVE.")
  boolean keepAlive;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the sequence counter and the spool are kept. "
          + "Default: $HOME/.local/state/proxywatch/<agent-id>. "
          + "Env: PROXYWATCH_STATE_DIR.")
  String stateDir;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = AgentConfigBuilder.DEFAULT_CONCURRENCY,
      description = "Probes running at once. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_CONCURRENCY.")
  String concurrency;

  @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = AgentConfigBuilder.DEFAULT_MAX_BODY,
      description = "Largest body a GET reads and hashes. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_MAX_BODY.")
  String maxBody;

  @Option(names = "--spool-max-bytes", paramLabel = "SIZE", defaultValue = AgentConfigBuilder.DEFAULT_SPOOL_MAX_BYTES,
      description = "Most the on-disk spool of unacknowledged samples holds; when full, the oldest are dropped. "
          + "Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_SPOOL_MAX_BYTES.")
  String spoolMaxBytes;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve /metrics (Prometheus) and /healthz on this port (0: any free port). Default: off. "
          + "Env: PROXYWATCH_METRICS_PORT.")
  String metricsPort;

  @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = AgentConfigBuilder.DEFAULT_METRICS_BIND,
      description = "Listen address of --metrics-port. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_METRICS_BIND.")
  String metricsBind;
}
