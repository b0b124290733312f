package io.proxywatch.agent.cli;

import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.SoftwareVersion;
import io.proxywatch.agent.probe.DnsCaching;
import io.proxywatch.agent.verify.VerifyConfig;
import io.proxywatch.agent.verify.VerifyOptions;
import io.proxywatch.common.OptionEnvironment;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The agent's command line: parse, validate, run until SIGTERM or Ctrl-C. */
@Command(name = "proxywatch-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
    sortOptions = false,
    description = "Probes Go module proxy endpoints on a schedule and streams the samples to a proxywatch collector.")
public final class AgentMain implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  AgentOptions options = new AgentOptions();

  @Mixin
  VerifyOptions verifyOptions = new VerifyOptions();

  @Option(names = "--check", description = "Validate the configuration, print it and exit.")
  boolean check;

  /** The environment the options were read from: HTTPS_PROXY, HTTP_PROXY and NO_PROXY come from it too. */
  private final Map<String, String> env;

  AgentMain(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static void main(String[] args) {
    DnsCaching.disable(); // before anything resolves a name: the JVM reads the setting only once
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * Options named as the deployments set them; every other option reads PROXYWATCH_ plus its name.
   */
  static final Map<String, String> VARIABLE_EXCEPTIONS =
      Map.of("--token", "PROXYWATCH_AGENT_TOKEN", "--token-file", "PROXYWATCH_AGENT_TOKEN_FILE");

  /** The command wired as main() runs it, reading option defaults from {@code env}. */
  static CommandLine commandLine(Map<String, String> env) {
    OptionEnvironment environment = new OptionEnvironment(env, VARIABLE_EXCEPTIONS);
    CommandLine cmd = new CommandLine(new AgentMain(env));
    cmd.setDefaultValueProvider(arg -> arg instanceof OptionSpec o ? environment.optionDefault(o.longestName()) : null);
    cmd.setParameterExceptionHandler(AgentMain::usageError);
    return cmd;
  }

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig config;
    VerifyConfig verify;
    try {
      LogFormat.select(options.logFormat); // before the first logger: Logback reads it once
      config = ConfigLoader.load(options, env);
      verify = verifyOptions.load(config.timeout());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    MDC.put("agent_id", config.agentId());
    MDC.put("region", config.region());
    if (options.deprecatedProxy != null) {
      LoggerFactory.getLogger(AgentMain.class).warn("--proxy is deprecated, use --goproxy (PROXYWATCH_GOPROXY)");
    }
    if (check) {
      spec.commandLine().getOut().println(config.redacted() + " " + verify.describe());
      return 0;
    }
    return run(config, verify);
  }

  private int run(AgentConfig config, VerifyConfig verify) throws InterruptedException {
    Agent agent;
    try {
      agent = Agent.start(config, verify);
    } catch (IllegalStateException | UncheckedIOException e) {
      spec.commandLine().getErr().println("proxywatch-agent: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "proxywatch-shutdown"));
    stopped.await();
    return 0;
  }

  /** A bad option: the message, a pointer to --help, exit code 2. No stack trace, no full usage dump. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(e.getMessage());
    err.println("Run 'proxywatch-agent --help' for the options.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"proxywatch-agent " + SoftwareVersion.get()};
    }
  }
}
