package io.tiercache.tck;

import io.tiercache.redisson.RedisServer;
import java.net.URI;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Gives the TCK stacks with a Redis tier a Redis server: a JUnit 4 {@link RunListener} that surefire's JUnit 4
 * provider registers (the {@code listener} property of a {@code tck-*} execution).
 *
 * <p>When the run starts, before any TCK test creates a cache manager, it starts a {@code redis-server} of its
 * own on a free loopback port ({@link RedisServer}: the binary on the {@code PATH}, else the one inside
 * {@code embedded-redis}), or uses the external server named by the environment variable {@code REDIS_URL}, and
 * publishes it as system properties for the stack's YAML:
 *
 * <ul>
 *   <li>{@code tck.redis.url}: {@code redis://host:port} (without credentials);</li>
 *   <li>{@code tck.redis.username}, {@code tck.redis.password}: from {@code REDIS_URL}'s user info, else
 *       empty.</li>
 * </ul>
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

    URI uri = URI.create(started.uri());
    System.setProperty(URL_PROPERTY, uri.getScheme() + "://" + started.host() + ":" + started.port());
    String userInfo = uri.getUserInfo();
    String username = "";
    String password = "";
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = userInfo;
      } else {
        username = userInfo.substring(0, colon);
        password = userInfo.substring(colon + 1);
      }
    }
    System.setProperty("tck.redis.username", username);
    System.setProperty("tck.redis.password", password);
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
