package io.proxywatch.collector.alerting;

/** A silence field the user must fix: names the field (as in the REST body) and the value it got. */
public final class InvalidSilenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String expected;
  private final String got;

  InvalidSilenceException(String field, String expected, String got) {
    super(field + ": expected " + expected + ", got \"" + got + "\"", null);
    this.field = field;
    this.expected = expected;
    this.got = got;
  }

  public String field() {
    return field;
  }

  /** "expected ..., got "..."" without the field. */
  public String detail() {
    return "expected " + expected + ", got \"" + got + "\"";
  }
}
