package dev.valet.allocator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of every logger, at every level, until closed. While it records, the
 * other appenders are detached so that trace output does not flood the console; closing restores
 * them and the levels.
 */
public final class LogCapture implements AutoCloseable {
  private final LoggerContext context;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<Logger, Level> levels = new HashMap<>();
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();

  private LogCapture() {
    context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      detached.add(it.next());
    }
    detached.forEach(root::detachAppender);
    for (Logger logger : context.getLoggerList()) {
      levels.put(logger, logger.getLevel());
      logger.setLevel(logger == root ? Level.TRACE : null);
    }
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /** Starts recording. */
  public static LogCapture everything() {
    return new LogCapture();
  }

  /** The events so far. */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /**
   * Everything of each event that could reach a log file: the formatted message, the raw message,
   * each argument, the MDC, the logger and thread names, and each throwable's class and message
   * down its cause and suppressed chain.
   */
  public List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (ILoggingEvent event : events()) {
      texts.add(event.getFormattedMessage());
      texts.add(String.valueOf(event.getMessage()));
      if (event.getArgumentArray() != null) {
        for (Object argument : event.getArgumentArray()) {
          texts.add(String.valueOf(argument));
        }
      }
      texts.add(event.getMDCPropertyMap().toString());
      texts.add(event.getLoggerName());
      texts.add(event.getThreadName());
      addThrowable(texts, event.getThrowableProxy());
    }
    return texts;
  }

  private static void addThrowable(List<String> texts, IThrowableProxy throwable) {
    if (throwable == null) {
      return;
    }
    texts.add(throwable.getClassName() + ": " + throwable.getMessage());
    addThrowable(texts, throwable.getCause());
    for (IThrowableProxy suppressed : throwable.getSuppressed()) {
      addThrowable(texts, suppressed);
    }
  }

  @Override
  public void close() {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    appender.stop();
    levels.forEach(Logger::setLevel);
    detached.forEach(root::addAppender);
  }
}
