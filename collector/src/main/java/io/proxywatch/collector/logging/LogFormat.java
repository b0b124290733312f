package io.proxywatch.collector.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Text (logback.xml's pattern: ISO-8601 UTC time, level, thread, logger, message) or JSON, one object per line:
 * Logback's {@link JsonEncoder} with {@code timestamp} (epoch milliseconds), {@code level}, {@code threadName},
 * {@code loggerName}, {@code mdc} (agent_id, region, episode_id where known), {@code formattedMessage} and
 * {@code throwable}.
 */
public enum LogFormat {
  TEXT, JSON;

  /** "text" or "json", as the option writes it. */
  public static LogFormat parse(String text) {
    for (LogFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(text)) return format;
    }
    throw new IllegalArgumentException("expected text or json, got \"" + text + "\"");
  }

  /** Switches logback.xml's STDERR appender to this format; text is what it already writes. */
  public void apply() {
    if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (!(root.getAppender("STDERR") instanceof OutputStreamAppender<ILoggingEvent> appender)) return;
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.setWithContext(false);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
    json.start();
    appender.stop();
    appender.setEncoder(json);
    appender.start();
  }
}
