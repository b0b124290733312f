package io.proxywatch.agent.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads option defaults from the environment: {@code --modules-file} from {@code PROXYWATCH_MODULES_FILE}.
 * An unset variable falls back to the option's own default. The map is injected so tests need no real
 * environment.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  static String variable(String optionName) {
    return "PROXYWATCH_" + optionName.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
    String value = env.get(variable(option.longestName()));
    return value == null || value.isBlank() ? null : value;
  }
}
