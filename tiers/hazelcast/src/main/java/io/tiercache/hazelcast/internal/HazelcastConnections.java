package io.tiercache.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.tiercache.spi.TierException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast instances of this JVM: one per distinct {@link Settings}, shared by every Hazelcast tier
 * that uses those settings, reference counted, shut down when the last tier using it closes. Instances
 * registered by the application ({@link #register}) are used, never shut down.
 */
public final class HazelcastConnections {

  private static final Map<Settings, Shared> INSTANCES = new HashMap<>();
  private static final Map<String, HazelcastInstance> REGISTERED = new ConcurrentHashMap<>();

  private HazelcastConnections() {
  }

  /** How this JVM takes part in the cluster. */
  public enum Mode {
    /** An embedded member: this JVM holds part of the data. */
    MEMBER,
    /** A client of members elsewhere. */
    CLIENT,
    /** An instance the application registered. */
    REGISTERED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How to reach the cluster; equal settings share one instance.
   *
   * @param mode member, client or registered
   * @param cluster the cluster name ({@code null} when registered)
   * @param members the addresses to join or connect to, sorted; empty for the loopback default
   * @param port the port of an embedded member (0 otherwise)
   * @param instance the registered instance's name (registered only)
   * @param splitBrainProtection the minimum cluster size of an embedded member's split-brain protection
   *     (0: none; member only)
   */
  public record Settings(Mode mode, String cluster, List<String> members, int port, String instance,
      int splitBrainProtection) {

    public Settings {
      Objects.requireNonNull(mode, "mode");
      members = List.copyOf(members);
      if (splitBrainProtection < 0 || (splitBrainProtection > 0 && mode != Mode.MEMBER)) {
        throw new IllegalArgumentException("split-brain protection is an embedded member's setting");
      }
    }

    /** Settings without split-brain protection. */
    public Settings(Mode mode, String cluster, List<String> members, int port, String instance) {
      this(mode, cluster, members, port, instance, 0);
    }

    static Settings registered(String name) {
      return new Settings(Mode.REGISTERED, null, List.of(), 0, name, 0);
    }

    @Override
    public String toString() {
      return switch (mode) {
        case REGISTERED -> "instance " + instance;
        case MEMBER -> "member of cluster " + cluster + " on port " + port
            + (members.isEmpty() ? "" : ", members " + String.join(",", members))
            + (splitBrainProtection == 0 ? "" : ", split-brain protection " + splitBrainProtection);
        case CLIENT -> "client of cluster " + cluster + " at "
            + (members.isEmpty() ? "127.0.0.1:5701" : String.join(",", members));
      };
    }
  }

  /** A tier's use of an instance; closing it gives the instance back. */
  public interface Handle extends AutoCloseable {

    /** The instance. */
    HazelcastInstance instance();

    /** Whether this JVM runs the instance as a member (else a client). */
    boolean isMember();

    @Override
    void close();
  }

  /** Hands {@code instance} over under {@code name}, for tiers whose {@code instance} property names it. */
  public static void register(String name, HazelcastInstance instance) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(instance, "instance");
    REGISTERED.put(name, instance);
  }

  /** Forgets the instance registered under {@code name}; tiers built on it keep using it. */
  public static HazelcastInstance unregister(String name) {
    return REGISTERED.remove(name);
  }

  /** An instance for {@code settings}, started if none runs yet; close the handle when done. */
  public static Handle acquire(Settings settings) {
    if (settings.mode() == Mode.REGISTERED) {
      HazelcastInstance instance = REGISTERED.get(settings.instance());
      if (instance == null) {
        throw new IllegalArgumentException("hazelcast tier 'instance': no HazelcastInstance is registered as '"
            + settings.instance() + "' (call HazelcastTiers.register(name, instance) first)");
      }
      boolean member = !(instance.getClass().getName().startsWith("com.hazelcast.client"));
      return new Handle() {
        @Override
        public HazelcastInstance instance() {
          return instance;
        }

        @Override
        public boolean isMember() {
          return member;
        }

        @Override
        public void close() {
        }
      };
    }
    Shared shared;
    synchronized (INSTANCES) {
      shared = INSTANCES.get(settings);
      if (shared == null || !shared.instance.getLifecycleService().isRunning()) {
        shared = new Shared(settings, start(settings));
        INSTANCES.put(settings, shared);
      }
      shared.users++;
    }
    Shared acquired = shared;
    return new Handle() {
      private boolean closed;

      @Override
      public HazelcastInstance instance() {
        return acquired.instance;
      }

      @Override
      public boolean isMember() {
        return settings.mode() == Mode.MEMBER;
      }

      @Override
      public void close() {
        synchronized (INSTANCES) {
          if (closed) {
            return;
          }
          closed = true;
          if (--acquired.users > 0) {
            return;
          }
          if (INSTANCES.get(settings) == acquired) {
            INSTANCES.remove(settings);
          }
        }
        try {
          acquired.instance.shutdown();
        } catch (RuntimeException e) {
          // already gone
        }
      }
    };
  }

  private static HazelcastInstance start(Settings settings) {
    try {
      return settings.mode() == Mode.MEMBER
          ? Hazelcast.newHazelcastInstance(memberConfig(settings))
          : HazelcastClient.newHazelcastClient(clientConfig(settings));
    } catch (RuntimeException e) {
      throw new TierException("hazelcast tier: cannot start a " + settings.mode().label() + " (" + settings + "): "
          + e.getMessage(), e);
    }
  }

  /**
   * An embedded member: TCP/IP join only (multicast and auto-detection off), no phone-home, slf4j logging;
   * with {@code splitBrainProtection}, the {@link HazelcastNames#splitBrainProtection} rule the tier's maps
   * refer to (split-brain protection rules cannot be added to a running member).
   */
  static Config memberConfig(Settings settings) {
    Config config = new Config();
    config.setClusterName(settings.cluster());
    if (settings.splitBrainProtection() > 0) {
      config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(
          HazelcastNames.splitBrainProtection(settings.splitBrainProtection()), true,
          settings.splitBrainProtection()).setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    }
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
    // a write whose backups did not acknowledge in time fails instead of succeeding: an acknowledged
    // write is on its backups too, so losing one member never loses it
    config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    List<String> members = settings.members().isEmpty() ? List.of("127.0.0.1") : settings.members();
    for (String member : members) {
      join.getTcpIpConfig().addMember(member);
    }
    if (members.stream().allMatch(HazelcastConnections::isLoopback)) {
      // a loopback-only cluster stays on the loopback interface
      network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    return config;
  }

  static ClientConfig clientConfig(Settings settings) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(settings.cluster());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.client.operation.fail.on.indeterminate.state", "true");
    List<String> members = settings.members().isEmpty() ? List.of("127.0.0.1:5701") : settings.members();
    config.getNetworkConfig().setAddresses(new java.util.ArrayList<>(members));
    config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
    return config;
  }

  private static boolean isLoopback(String member) {
    String host = member;
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (host.equals("localhost") || host.startsWith("127.")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static final class Shared {
    final Settings settings;
    final HazelcastInstance instance;
    int users;

    Shared(Settings settings, HazelcastInstance instance) {
      this.settings = settings;
      this.instance = instance;
    }
  }
}
