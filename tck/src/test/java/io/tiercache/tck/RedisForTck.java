package io.tiercache.tck;

import io.tiercache.redisson.RedisServer;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Gives the TCK stacks with a Redis tier a Redis server: a JUnit 4 {@link RunListener} that surefire's JUnit 4
 * provider registers (the {@code listener} property of a {@code tck-*} execution).
 *
 * <p>When the run starts, before any TCK test creates a cache manager, it starts a {@code redis-server} of its
 * own on a free loopback port ({@link RedisServer}: the binary on the {@code PATH}, else the one inside
 * {@code embedded-redis}), and publishes its address for the stack's YAML as the system property
 * {@code tck.redis.url} ({@code redis://127.0.0.1:port}).
 *
 * <p>When the run finishes it stops the server (and a shutdown hook kills it if the JVM exits first). It never
 * sets a TCK property.
 */
public final class RedisForTck extends RunListener {

  /** The system property holding the server's address, {@code redis://host:port}. */
  public static final String URL_PROPERTY = "tck.redis.url";

  private static RedisServer server;

  @Override
  public void testRunStarted(Description description) {
    start();
  }

  @Override
  public void testRunFinished(Result result) {
    stop();
  }

  static synchronized void start() {
    if (server != null) {
      return;
    }
    RedisServer started = RedisServer.startNew();
    server = started;
    Runtime.getRuntime().addShutdownHook(new Thread(RedisForTck::stop, "tck-redis-stop"));

    System.setProperty(URL_PROPERTY, started.uri());
  }

  static synchronized void stop() {
    RedisServer running = server;
    if (running == null) {
      return;
    }
    server = null;
    running.close();
  }
}
