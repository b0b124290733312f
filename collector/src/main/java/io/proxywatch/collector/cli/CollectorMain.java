package io.proxywatch.collector.cli;

import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.alerting.AlertingOptions;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.common.OptionEnvironment;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** proxywatch-collector: `serve` runs the collector, `migrate` only applies the schema. */
@Command(name = "proxywatch-collector", mixinStandardHelpOptions = true, versionProvider = CollectorMain.Version.class,
    subcommands = {CollectorMain.Serve.class, CollectorMain.Migrate.class, CredentialCommands.Agents.class,
        CredentialCommands.ApiTokens.class, SilenceCommands.Silences.class, WatchCommands.Watches.class,
        CheckCommand.class},
    description = "Receives probe samples from proxywatch agents over gRPC, stores them in TimescaleDB, serves them over REST.")
public final class CollectorMain implements Runnable {
  private static final Logger logger = LoggerFactory.getLogger(CollectorMain.class);
  /** Options named as the deployments set them; every other option reads PROXYWATCH_ plus its name. */
  static final Map<String, String> VARIABLE_EXCEPTIONS = Map.of("--webhook-url", "PROXYWATCH_WEBHOOK_URLS");
  static final String DB_PASSWORD_ENV = "PROXYWATCH_DB_PASSWORD";

  private final OptionEnvironment environment;

  private CollectorMain(OptionEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run subcommands in-process. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading option defaults and secrets from {@code env}. */
  public static CommandLine commandLine(Map<String, String> env) {
    OptionEnvironment environment = new OptionEnvironment(env, VARIABLE_EXCEPTIONS);
    return new CommandLine(new CollectorMain(environment))
        .setDefaultValueProvider(arg -> arg instanceof OptionSpec o ? environment.optionDefault(o.longestName()) : null)
        .setParameterExceptionHandler(CollectorMain::usageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
          return 1;
        });
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    e.getCommandLine().getErr().println(e.getMessage());
    e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandName() + " --help' for the options.");
    return 2;
  }

  /** The environment of the command {@code cmd} belongs to. */
  static OptionEnvironment environment(CommandLine cmd) {
    return ((CollectorMain) cmd.getCommandSpec().root().userObject()).environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "a subcommand is required: serve, migrate, agents, api-tokens, silences, watches or check");
  }

  /** Database options shared by both subcommands. */
  static final class DbOptions {
    @Option(names = "--db-url", defaultValue = CollectorConfig.DEFAULT_DB_URL,
        description = "JDBC URL of the TimescaleDB database (env PROXYWATCH_DB_URL). Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--db-user", defaultValue = "",
        description = "Database user, if not in the URL (env PROXYWATCH_DB_USER)")
    String user;

    @Option(names = "--db-pool-size", defaultValue = CollectorConfig.DEFAULT_DB_POOL_SIZE,
        description = "Maximum database connections (env PROXYWATCH_DB_POOL_SIZE). Default: ${DEFAULT-VALUE}")
    int poolSize;

    /** The password only ever comes from the environment, never from the command line (it would show in ps). */
    DbSettings settings(CommandLine cmd) {
      if (!url.startsWith("jdbc:postgresql:")) throw badValue(cmd, "--db-url", "a jdbc:postgresql: URL", DbSettings.redact(url));
      if (poolSize < 2 || poolSize > 200) throw badValue(cmd, "--db-pool-size", "2-200", String.valueOf(poolSize));
      return new DbSettings(url, user, environment(cmd).get(DB_PASSWORD_ENV).orElse(""), poolSize);
    }
  }

  static CommandLine.ParameterException badValue(CommandLine cmd, String option, String expected, String got) {
    return new CommandLine.ParameterException(cmd, option + ": expected " + expected + ", got \"" + got + "\"");
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the collector until stopped (SIGTERM, Ctrl-C).")
  static final class Serve implements Callable<Integer> {
    @Mixin DbOptions db = new DbOptions();

    @Mixin DivergenceOptions divergence = new DivergenceOptions();

    @Mixin GroundTruthOptions groundTruth = new GroundTruthOptions();

    @Mixin WatchOptions watching = new WatchOptions();

    @Mixin AlertingOptions alerting = new AlertingOptions();

    @Mixin SecurityOptions security = new SecurityOptions();

    @Mixin RetentionOptions retention = new RetentionOptions();

    @Mixin OperationsOptions operations = new OperationsOptions();

    @Option(names = "--public-url", defaultValue = "",
        description = "Where people reach this collector's HTTP API, for links in notifications"
            + " (env PROXYWATCH_PUBLIC_URL), e.g. https://proxywatch.example.com")
    String publicUrl;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--grpc-port", defaultValue = CollectorConfig.DEFAULT_GRPC_PORT,
        description = "Port for agent ingest over gRPC (env PROXYWATCH_GRPC_PORT). Default: ${DEFAULT-VALUE}")
    int grpcPort;

    @Option(names = "--http-port", defaultValue = CollectorConfig.DEFAULT_HTTP_PORT,
        description = "Port for the REST API, health and metrics (env PROXYWATCH_HTTP_PORT). Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(names = "--bind", defaultValue = CollectorConfig.DEFAULT_BIND,
        description = "Address to listen on (env PROXYWATCH_BIND). Default: ${DEFAULT-VALUE}")
    String bind;

    @Override
    public Integer call() throws Exception {
      CommandLine cmd = spec.commandLine();
      operations.logFormat(cmd).apply();
      checkPort(cmd, "--grpc-port", grpcPort);
      checkPort(cmd, "--http-port", httpPort);
      if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s]+")) {
        throw badValue(cmd, "--public-url", "an http(s) URL", publicUrl);
      }
      CollectorConfig config = new CollectorConfig(db.settings(cmd), bind, grpcPort, httpPort,
          CollectorConfig.WRITER_QUEUE_BATCHES, CollectorConfig.MAX_SAMPLES_PER_TRANSACTION, divergence.policy(cmd),
          alerting.toConfig(cmd, environment(cmd)), publicUrl, security.config(cmd), retention.policy(cmd),
          watching.config(cmd), operations.operations(cmd));
      logger.info("starting collector: {}", config);
      CountDownLatch stopped = new CountDownLatch(1);
      Collector collector = Collector.start(config, groundTruth.policy(cmd));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        collector.close();
        stopped.countDown();
      }, "proxywatch-shutdown"));
      stopped.await();
      return 0;
    }
  }

  private static void checkPort(CommandLine cmd, String option, int port) {
    if (port < 0 || port > 65535) throw badValue(cmd, option, "a port from 0 to 65535", String.valueOf(port));
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @Mixin DbOptions db = new DbOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      DbSettings settings = db.settings(spec.commandLine());
      try (var pool = Database.pool(settings, "migrate")) {
        MigrateResult result = Database.migrate(pool);
        spec.commandLine().getOut().printf("schema at version %s (%d migrations applied)%n",
            result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
            result.migrationsExecuted);
      }
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CollectorMain.class.getPackage().getImplementationVersion();
      return new String[] {"proxywatch-collector " + (version == null ? "dev" : version)};
    }
  }
}
