package io.proxywatch.collector.cli;

import io.proxywatch.common.Durations;
import io.proxywatch.collector.alerting.InvalidSilenceException;
import io.proxywatch.collector.alerting.Silence;
import io.proxywatch.collector.alerting.SilenceStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `silences add|list|update|remove`: maintenance windows during which matching episodes are not notified. */
final class SilenceCommands {
  private SilenceCommands() {}

  interface SilenceAction {
    int run(SilenceStore store, PrintWriter out) throws Exception;
  }

  /** A bad field is a usage error naming the option: {@code --ends-at: expected a time after starts_at ...}. */
  static int withSilences(CommandLine.Model.CommandSpec spec, CollectorMain.DbOptions db, SilenceAction action) throws Exception {
    return CredentialCommands.withPool(spec, db, pool -> {
      try {
        return action.run(new SilenceStore(pool, Clock.systemUTC()), spec.commandLine().getOut());
      } catch (InvalidSilenceException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.field().replace('_', '-') + ": " + e.detail());
      }
    });
  }

  static void print(PrintWriter out, Silence s) {
    Silence.Fields f = s.fields();
    out.printf("%-6d %-8s %s -> %s  region=%s module_prefix=%s kind=%s proxy=%s  by %s: %s%n", s.id(),
        s.activeAt(Instant.now()) ? "ACTIVE" : Instant.now().isBefore(f.startsAt()) ? "PENDING" : "EXPIRED",
        f.startsAt(), f.endsAt(), f.region(), f.modulePrefix(), f.kind(), f.proxy(), f.author(), f.comment());
  }

  @Command(name = "silences", mixinStandardHelpOptions = true, description = "Add, list, change and remove silences.",
      subcommands = {Add.class, ListSilences.class, Update.class, Remove.class})
  static final class Silences implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add, list, update or remove");
    }
  }

  /** The fields add and update take; on update, an option left out keeps the silence's value. */
  static final class FieldOptions {
    @Option(names = "--region", description = "Silence episodes naming only this region") String region;
    @Option(names = "--module-prefix", description = "Silence episodes of modules starting with this") String modulePrefix;
    @Option(names = "--kind", description = "Silence episodes of this kind (status, content, region_degraded, ...)") String kind;
    @Option(names = "--proxy", description = "Silence episodes whose URL starts with this proxy base URL") String proxy;
    @Option(names = "--starts-at", description = "RFC 3339 start (default: now)") String startsAt;
    @Option(names = "--ends-at", description = "RFC 3339 end") String endsAt;
    @Option(names = "--duration", description = "End this long after the start (like 2h, 1d) instead of --ends-at") String duration;
    @Option(names = "--author", description = "Who set it (1-64 characters)") String author;
    @Option(names = "--comment", description = "Why (up to 1024 characters)") String comment;

    Silence.Fields over(CommandLine cmd, Silence.Fields base, Instant now) {
      Instant start = startsAt != null ? time(cmd, "--starts-at", startsAt) : base.startsAt() != null ? base.startsAt() : now;
      Instant end = endsAt != null ? time(cmd, "--ends-at", endsAt) : base.endsAt();
      if (duration != null) {
        Duration d;
        try {
          d = Durations.parseAtLeast(duration, Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
          throw CollectorMain.badValue(cmd, "--duration", "a duration like 30m, 2h, 1d", duration);
        }
        end = start.plus(d);
      }
      return new Silence.Fields(or(region, base.region()), or(modulePrefix, base.modulePrefix()), or(kind, base.kind()),
          or(proxy, base.proxy()), start, end, or(author, base.author()), or(comment, base.comment()));
    }

    private static String or(String given, String current) {
      return given != null ? given : current;
    }

    private static Instant time(CommandLine cmd, String option, String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw CollectorMain.badValue(cmd, option, "an RFC 3339 time like 2026-11-26T09:00:00Z", text);
      }
    }
  }

  static final Silence.Fields NONE = new Silence.Fields("", "", "", "", null, null, "", "");

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a silence and print it.")
  static final class Add implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @Mixin FieldOptions fields = new FieldOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Silence.Fields given = fields.over(spec.commandLine(), NONE, Instant.now());
      return withSilences(spec, db, (store, out) -> {
        print(out, store.create(given));
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List silences, newest first.")
  static final class ListSilences implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withSilences(spec, db, (store, out) -> {
        List<Silence> silences = store.list();
        silences.forEach(s -> print(out, s));
        return 0;
      });
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a silence (options left out keep their value).")
  static final class Update implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @Mixin FieldOptions fields = new FieldOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--id", required = true) long id;

    @Override
    public Integer call() throws Exception {
      return withSilences(spec, db, (store, out) -> {
        var updated = store.update(id, current -> fields.over(spec.commandLine(), current, Instant.now()));
        if (updated.isPresent()) {
          print(out, updated.get());
          return 0;
        }
        spec.commandLine().getErr().println("no silence " + id);
        return 1;
      });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a silence.")
  static final class Remove implements Callable<Integer> {
    @Mixin CollectorMain.DbOptions db = new CollectorMain.DbOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--id", required = true) long id;

    @Override
    public Integer call() throws Exception {
      return withSilences(spec, db, (store, out) -> {
        if (store.delete(id)) {
          out.println("removed silence " + id);
          return 0;
        }
        spec.commandLine().getErr().println("no silence " + id);
        return 1;
      });
    }
  }
}
