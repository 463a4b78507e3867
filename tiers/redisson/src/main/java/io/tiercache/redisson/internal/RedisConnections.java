package io.tiercache.redisson.internal;

import io.tiercache.spi.TierException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SubscriptionMode;

/**
 * The Redisson clients of this JVM: one per distinct {@link Settings}, shared by every Redis tier that
 * uses those settings, reference counted, shut down when the last tier using it closes.
 */
final class RedisConnections {

  private static final Map<Settings, Shared> CLIENTS = new HashMap<>();

  private RedisConnections() {
  }

  /** How the client reaches Redis. */
  enum Mode {
    /** One server at one address. */
    STANDALONE,
    /** A Redis Cluster, found from seed nodes. */
    CLUSTER,
    /** A master and its replicas, found through sentinels. */
    SENTINEL;

    /** The name as written in configuration. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How to reach Redis; equal settings share one client, so every field that changes the connection is
   * part of the key (mode, every node, master name, credentials, database, timeout).
   *
   * @param mode standalone, cluster or sentinel
   * @param nodes {@code redis://host:port} or {@code rediss://host:port} (TLS) addresses: the server
   *     (standalone), the seed nodes (cluster) or the sentinels (sentinel); cluster and sentinel lists
   *     sorted and without repeats, so their order in configuration does not matter
   * @param master the master name the sentinels monitor (sentinel), else {@code null}
   * @param username the ACL user of the Redis servers, or {@code null}
   * @param password the password of the Redis servers, or {@code null}
   * @param sentinelUsername the ACL user of the sentinels, or {@code null}
   * @param sentinelPassword the password of the sentinels, or {@code null}
   * @param tls the trust store for {@code rediss://} addresses, or {@code null} for the JVM's default
   * @param database the database index (0 in cluster mode)
   * @param timeoutMillis the response and connect timeout of every command
   */
  record Settings(Mode mode, List<String> nodes, String master, String username, String password,
      String sentinelUsername, String sentinelPassword, Tls tls, int database, int timeoutMillis) {

    Settings {
      Objects.requireNonNull(mode, "mode");
      nodes = List.copyOf(nodes);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("no nodes");
      }
      if (mode == Mode.SENTINEL) {
        Objects.requireNonNull(master, "master");
      }
    }

    /** The standalone server's address, else the first node (for messages). */
    String address() {
      return nodes.get(0);
    }

    /** Where the client connects, without credentials: fit for messages and logs. */
    @Override
    public String toString() {
      String db = database == 0 ? "" : "/" + database;
      return switch (mode) {
        case STANDALONE -> nodes.get(0) + db;
        case CLUSTER -> "cluster " + String.join(",", nodes);
        case SENTINEL -> "sentinel master '" + master + "'" + db + " via " + String.join(",", nodes);
      };
    }
  }

  /**
   * The trust store of TLS connections.
   *
   * @param truststore a {@code file:} URL
   * @param password its password, or {@code null}
   */
  record Tls(String truststore, String password) {

    Tls {
      Objects.requireNonNull(truststore, "truststore");
    }

    @Override
    public String toString() {
      return "Tls[" + truststore + "]";
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
    switch (settings.mode()) {
      case STANDALONE -> {
        SingleServerConfig server = config.useSingleServer()
            .setAddress(settings.address())
            .setDatabase(settings.database())
            .setConnectionMinimumIdleSize(2)
            .setConnectionPoolSize(32)
            .setSubscriptionConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionPoolSize(4);
        common(server, settings);
      }
      case CLUSTER -> {
        ClusterServersConfig cluster = config.useClusterServers();
        cluster.setNodeAddresses(new ArrayList<>(settings.nodes()));
        masterOnly(cluster);
        common(cluster, settings);
      }
      case SENTINEL -> {
        SentinelServersConfig sentinel = config.useSentinelServers()
            .setMasterName(settings.master())
            .setDatabase(settings.database())
            // one sentinel given: Redisson's default check wants at least two known sentinels
            .setCheckSentinelsList(settings.nodes().size() > 1);
        sentinel.setSentinelAddresses(new ArrayList<>(settings.nodes()));
        if (settings.sentinelUsername() != null) {
          sentinel.setSentinelUsername(settings.sentinelUsername());
        }
        if (settings.sentinelPassword() != null) {
          sentinel.setSentinelPassword(settings.sentinelPassword());
        }
        masterOnly(sentinel);
        common(sentinel, settings);
      }
      default -> throw new AssertionError(settings.mode());
    }
    try {
      return Redisson.create(config);
    } catch (RuntimeException e) {
      throw new TierException("cannot connect to Redis at " + settings + ": " + rootMessage(e), e);
    }
  }

  /**
   * Every read and write goes to the master of its slot: a replica may lag, and the tier's versions,
   * locks and compare-and-set scripts need the latest value. Replicas get no idle connections.
   */
  private static void masterOnly(BaseMasterSlaveServersConfig<?> servers) {
    servers.setReadMode(ReadMode.MASTER)
        .setSubscriptionMode(SubscriptionMode.MASTER)
        .setMasterConnectionMinimumIdleSize(2)
        .setMasterConnectionPoolSize(32)
        .setSlaveConnectionMinimumIdleSize(0)
        .setSlaveConnectionPoolSize(8)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setSubscriptionConnectionPoolSize(4);
  }

  private static void common(BaseConfig<?> server, Settings settings) {
    server.setTimeout(settings.timeoutMillis())
        .setConnectTimeout(settings.timeoutMillis())
        .setRetryAttempts(2)
        .setRetryDelay(new ConstantDelay(Duration.ofMillis(100)));
    if (settings.tls() != null) {
      try {
        server.setSslTruststore(URI.create(settings.tls().truststore()).toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("redis tier 'tlsTruststore': " + e.getMessage(), e);
      }
      if (settings.tls().password() != null) {
        server.setSslTruststorePassword(settings.tls().password());
      }
    }
    if (settings.username() != null) {
      server.setUsername(settings.username());
    }
    if (settings.password() != null) {
      server.setPassword(settings.password());
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
