package io.proxywatch.common;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How both binaries read the environment: option {@code --foo-bar} from {@code PROXYWATCH_FOO_BAR}, unless a
 * binary names an exception (a variable the deployments already set, such as {@code PROXYWATCH_AGENT_TOKEN}).
 * A blank variable counts as unset, so the option keeps its own default. Secrets that must never be on a command
 * line are read here too ({@link #get}). The map is injected so tests need no real environment.
 */
public final class OptionEnvironment {
  private final Map<String, String> env;
  private final Map<String, String> exceptions;

  /** {@code exceptions} maps an option name ({@code --token}) to the variable it reads instead. */
  public OptionEnvironment(Map<String, String> env, Map<String, String> exceptions) {
    this.env = Map.copyOf(env);
    this.exceptions = Map.copyOf(exceptions);
  }

  /** {@code PROXYWATCH_} plus the option name in upper case with {@code -} as {@code _}, or the exception. */
  public String variable(String optionName) {
    if (exceptions.containsKey(optionName)) return exceptions.get(optionName);
    return "PROXYWATCH_" + optionName.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The option's value from its variable, or null when unset (a picocli default value provider's contract).
   * {@code --help} and {@code --version} never come from the environment.
   */
  public String optionDefault(String optionName) {
    if (optionName.equals("--help") || optionName.equals("--version")) return null;
    return get(variable(optionName)).orElse(null);
  }

  /** A variable that has no option, such as a password; empty when unset or blank. */
  public Optional<String> get(String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
