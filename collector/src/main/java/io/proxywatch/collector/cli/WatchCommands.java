package io.proxywatch.collector.cli;

import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchConflictException;
import io.proxywatch.collector.watch.WatchStore;
import io.proxywatch.common.Durations;
import io.proxywatch.proto.EndpointKinds;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code watches add|list|remove}: what the agents of every region probe, managed in the database. */
final class WatchCommands {
  private WatchCommands() {}

  @Command(name = "watches", mixinStandardHelpOptions = true, description = "Add, list and remove watches.",
      subcommands = {Add.class, ListWatches.class, Remove.class})
  static final class Watches implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add, list or remove");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add (or replace) a watch; running collectors push it to their agents within seconds.")
  static final class Add implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = Watch.NAME_RULE) String name;
    @Option(names = "--module", required = true, description = "A module path, or a prefix ending in '/'") String module;
    @Option(names = "--versions", defaultValue = "all", description = "exact:v1.2.3,..., all, latest:N or new. Default: ${DEFAULT-VALUE}")
    String versions;
    @Option(names = "--endpoints", split = ",", description = "Some of list,info,mod,zip,latest (default: all)") List<String> endpoints;
    @Option(names = "--goproxy", description = "A GOPROXY base URL (repeatable; default: each agent's own)") List<String> proxies;
    @Option(names = "--region", description = "A region that probes it (repeatable; default: all)") List<String> regions;
    @Option(names = "--mutable-every", defaultValue = Watch.Cadence.DEFAULT_MUTABLE,
        description = "@v/list and @latest cadence. Default: ${DEFAULT-VALUE}") String mutable;
    @Option(names = "--info-every", defaultValue = Watch.Cadence.DEFAULT_INFO, description = ".info cadence. Default: ${DEFAULT-VALUE}")
    String info;
    @Option(names = "--immutable-every", defaultValue = Watch.Cadence.DEFAULT_IMMUTABLE,
        description = ".mod and .zip cadence. Default: ${DEFAULT-VALUE}") String immutable;

    @Override
    public Integer call() throws Exception {
      Watch watch = Watch.of(name, module, versions, endpoints, proxies, regions, mutable, info, immutable, "manual");
      return CredentialCommands.withPool(spec, db, pool -> {
        try {
          new WatchStore(pool).put(watch);
        } catch (WatchConflictException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 1;
        }
        spec.commandLine().getOut().println("watch " + name + " saved");
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the watches.")
  static final class ListWatches implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return CredentialCommands.withPool(spec, db, pool -> {
        table(spec.commandLine().getOut(), new WatchStore(pool).list());
        return 0;
      });
    }
  }

  static void table(PrintWriter out, List<WatchStore.Stored> watches) {
    out.printf("%-20s %-6s %-36s %-14s %-22s %-16s %s%n", "NAME", "SOURCE", "MODULE", "VERSIONS", "ENDPOINTS", "CADENCE", "PROXIES / REGIONS");
    for (WatchStore.Stored s : watches) {
      Watch w = s.watch();
      out.printf("%-20s %-6s %-36s %-14s %-22s %-16s %s / %s%n", w.name(), w.source(), w.module(), w.versions().text(),
          String.join(",", w.endpoints().stream().map(EndpointKinds::name).toList()),
          Durations.format(w.cadence().mutable()) + "/" + Durations.format(w.cadence().info()) + "/"
              + Durations.format(w.cadence().immutable()),
          w.proxies().isEmpty() ? "(agents' own)" : String.join(",", w.proxies()),
          w.regions().isEmpty() ? "(all)" : String.join(",", w.regions()));
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a watch added by REST or the CLI.")
  static final class Remove implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() throws Exception {
      return CredentialCommands.withPool(spec, db, pool -> {
        try {
          if (new WatchStore(pool).remove(name)) {
            spec.commandLine().getOut().println("watch " + name + " removed");
            return 0;
          }
          spec.commandLine().getErr().println("no watch named " + name);
          return 1;
        } catch (WatchConflictException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 1;
        }
      });
    }
  }
}
