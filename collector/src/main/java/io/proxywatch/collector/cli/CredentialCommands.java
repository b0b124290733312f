package io.proxywatch.collector.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.auth.TokenEntry;
import io.proxywatch.common.Identifiers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `agents add|list|revoke` and `api-tokens add|list|revoke`: a token is printed once, on stdout, and never again. */
final class CredentialCommands {
  private CredentialCommands() {}

  interface StoreAction {
    int run(TokenStore store, PrintWriter out) throws Exception;
  }

  static int withStore(CommandLine.Model.CommandSpec spec, CollectorMain.DbOptions db, StoreAction action) throws Exception {
    return withPool(spec, db, pool -> action.run(new TokenStore(pool), spec.commandLine().getOut()));
  }

  interface PoolAction {
    int run(HikariDataSource pool) throws Exception;
  }

  /** A migrated pool for one admin command; an IllegalArgumentException from the action is a usage error (exit 2). */
  static int withPool(CommandLine.Model.CommandSpec spec, CollectorMain.DbOptions db, PoolAction action) throws Exception {
    try (HikariDataSource pool = Database.pool(db.settings(spec.commandLine()), "admin")) {
      Database.migrate(pool);
      return action.run(pool);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static void table(PrintWriter out, List<TokenEntry> rows) {
    for (TokenEntry row : rows) {
      out.printf("%-24s %-16s %-4s created %s%s%n", row.name(), row.scope(), row.source(), row.createdAt(),
          row.revokedAt().map(t -> "  REVOKED " + t).orElse(""));
    }
  }

  @Command(name = "agents", mixinStandardHelpOptions = true, description = "Enrol, list and revoke agents.",
      subcommands = {AgentsAdd.class, AgentsList.class, AgentsRevoke.class})
  static final class Agents implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add, list or revoke");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Enrol an agent for one region and print its token (give it to the agent as PROXYWATCH_AGENT_TOKEN).")
  static final class AgentsAdd implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--agent-id", required = true, description = "The agent's id (" + Identifiers.AGENT_ID_RULE + ")") String agentId;
    @Option(names = "--region", required = true, description = "The only region it may report (" + Identifiers.REGION_RULE + ")") String region;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        out.println(store.addAgent(agentId, region));
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrolled agents (never their tokens).")
  static final class AgentsList implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        table(out, store.agents());
        return 0;
      });
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an agent's token.")
  static final class AgentsRevoke implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--agent-id", required = true) String agentId;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        if (store.revokeAgent(agentId)) {
          out.println("revoked " + agentId);
          return 0;
        }
        spec.commandLine().getErr().println("no active token for agent " + agentId);
        return 1;
      });
    }
  }

  @Command(name = "api-tokens", mixinStandardHelpOptions = true, description = "Create, list and revoke REST API tokens.",
      subcommands = {ApiAdd.class, ApiList.class, ApiRevoke.class})
  static final class ApiTokens implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add, list or revoke");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a REST API token and print it.")
  static final class ApiAdd implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--name", required = true, description = "A name for the token (" + Identifiers.TOKEN_NAME_RULE + ")") String name;
    @Option(names = "--role", defaultValue = "read", description = "read (GET only) or admin. Default: ${DEFAULT-VALUE}") String role;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        out.println(store.addApiToken(name, role));
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List REST API tokens (never the tokens).")
  static final class ApiList implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        table(out, store.apiTokens());
        return 0;
      });
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a REST API token.")
  static final class ApiRevoke implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--name", required = true) String name;

    @Override
    public Integer call() throws Exception {
      return withStore(spec, db, (store, out) -> {
        if (store.revokeApiToken(name)) {
          out.println("revoked " + name);
          return 0;
        }
        spec.commandLine().getErr().println("no active API token named " + name);
        return 1;
      });
    }
  }
}
