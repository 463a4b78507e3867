package io.tiercache.redisson.internal;

import io.tiercache.spi.TierException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;

/**
 * The Redisson clients of this JVM: one per distinct {@link Settings}, shared by every Redis tier that
 * uses those settings, reference counted, shut down when the last tier using it closes.
 */
final class RedisConnections {

  private static final Map<Settings, Shared> CLIENTS = new HashMap<>();

  private RedisConnections() {
  }

  /**
   * How to reach one Redis server.
   *
   * @param address {@code redis://host:port} or {@code rediss://host:port} (TLS)
   * @param username the ACL user, or {@code null}
   * @param password the password, or {@code null}
   * @param database the database index
   * @param timeoutMillis the response and connect timeout of every command
   */
  record Settings(String address, String username, String password, int database, int timeoutMillis) {

    Settings {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
      return address + (database == 0 ? "" : "/" + database);
    }
  }

  /** A tier's use of a shared client; {@link #close()} releases it once. */
  static final class Handle implements AutoCloseable {
    private final Settings settings;
    private final Shared shared;
    private boolean closed;

    private Handle(Settings settings, Shared shared) {
      this.settings = settings;
      this.shared = shared;
    }

    RedissonClient client() {
      return shared.client;
    }

    @Override
    public void close() {
      synchronized (CLIENTS) {
        if (closed) {
          return;
        }
        closed = true;
        if (--shared.references > 0) {
          return;
        }
        CLIENTS.remove(settings, shared);
      }
      shared.client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static final class Shared {
    final RedissonClient client;
    int references;

    Shared(RedissonClient client) {
      this.client = client;
    }
  }

  /** A handle on the client for {@code settings}, connecting it if this JVM has none yet. */
  static Handle acquire(Settings settings) {
    synchronized (CLIENTS) {
      Shared shared = CLIENTS.get(settings);
      if (shared == null) {
        shared = new Shared(connect(settings));
        CLIENTS.put(settings, shared);
      }
      shared.references++;
      return new Handle(settings, shared);
    }
  }

  /** How many clients are open (tests). */
  static int openClients() {
    synchronized (CLIENTS) {
      return CLIENTS.size();
    }
  }

  private static RedissonClient connect(Settings settings) {
    Config config = new Config();
    config.setCodec(ByteArrayCodec.INSTANCE);
    config.setUseScriptCache(true);
    SingleServerConfig server = config.useSingleServer()
        .setAddress(settings.address())
        .setDatabase(settings.database())
        .setConnectionMinimumIdleSize(2)
        .setConnectionPoolSize(32)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setSubscriptionConnectionPoolSize(4);
    server.setTimeout(settings.timeoutMillis())
        .setConnectTimeout(settings.timeoutMillis())
        .setRetryAttempts(2)
        .setRetryDelay(new ConstantDelay(Duration.ofMillis(100)));
    if (settings.username() != null) {
      server.setUsername(settings.username());
    }
    if (settings.password() != null) {
      server.setPassword(settings.password());
    }
    try {
      return Redisson.create(config);
    } catch (RuntimeException e) {
      throw new TierException("cannot connect to Redis at " + settings + ": " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (root == e) {
      return message == null ? e.getClass().getSimpleName() : message;
    }
    return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        + " (" + root.getClass().getSimpleName() + (message == null ? "" : ": " + message) + ")";
  }
}
