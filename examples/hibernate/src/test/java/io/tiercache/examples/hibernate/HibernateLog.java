package io.tiercache.examples.hibernate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Hibernate logs at WARNING and above while open. Hibernate logs through jboss-logging,
 * which the build points at java.util.logging ({@code org.jboss.logging.provider=jdk}).
 */
final class HibernateLog implements AutoCloseable {

  private final Logger logger = Logger.getLogger("org.hibernate");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord logRecord) {
      if (logRecord.getLevel().intValue() >= Level.WARNING.intValue()) {
        records.add(logRecord);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private HibernateLog() {
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Starts collecting. */
  static HibernateLog capture() {
    return new HibernateLog();
  }

  /** The warnings and errors logged so far, each as "logger: message". */
  List<String> warnings() {
    return records.stream().map(r -> r.getLoggerName() + ": " + format(r)).toList();
  }

  private static String format(LogRecord logRecord) {
    Object[] parameters = logRecord.getParameters();
    String message = logRecord.getMessage();
    return parameters == null || parameters.length == 0 ? message
        : java.text.MessageFormat.format(message.replace("'", "''"), parameters);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
