package io.proxywatch.agent.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads option defaults from the environment: {@code --modules-file} from {@code PROXYWATCH_MODULES_FILE}.
 * The token options are the exception, named as the deployments set them: {@code PROXYWATCH_AGENT_TOKEN}
 * and {@code PROXYWATCH_AGENT_TOKEN_FILE}. An unset variable falls back to the option's own default. The
 * map is injected so tests need no real environment.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  private static final Map<String, String> EXCEPTIONS =
      Map.of("--token", "PROXYWATCH_AGENT_TOKEN", "--token-file", "PROXYWATCH_AGENT_TOKEN_FILE");

  static String variable(String optionName) {
    if (EXCEPTIONS.containsKey(optionName)) return EXCEPTIONS.get(optionName);
    return "PROXYWATCH_" + optionName.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
    String value = env.get(variable(option.longestName()));
    return value == null || value.isBlank() ? null : value;
  }
}
