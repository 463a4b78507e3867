package io.tiercache.hazelcast;

import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Embedded members of one test cluster on loopback: a cluster name of its own (so no other test run
 * joins it) and free ports. Specs built here share the members this object keeps running (each member
 * is held by a handle until {@link #close}), so tests do not pay a member start each.
 */
public final class HazelcastTestCluster implements AutoCloseable {

  private final String cluster;
  private final List<Integer> ports;
  private final List<HazelcastConnections.Handle> held = new ArrayList<>();

  private HazelcastTestCluster() {
    this("tc-test-" + UUID.randomUUID().toString().substring(0, 8), new ArrayList<>());
  }

  private HazelcastTestCluster(String cluster, List<Integer> ports) {
    this.cluster = cluster;
    this.ports = ports;
  }

  /** A cluster of {@code members} embedded members, started now. */
  public static HazelcastTestCluster start(int members) {
    HazelcastTestCluster result = new HazelcastTestCluster();
    for (int i = 0; i < members; i++) {
      result.ports.add(freePort());
    }
    try {
      for (int i = 0; i < members; i++) {
        result.held.add(HazelcastConnections.acquire(
            io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess.settings(result.memberSpec(i))));
      }
      result.awaitSafe();
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    return result;
  }

  /**
   * Waits until every member sees all the others, the partitions are assigned, and every partition's
   * backups are in sync: a test that starts writing while the first migrations run can see a backup
   * acknowledgement go missing (and the write fail, as the tier asks Hazelcast to).
   */
  private void awaitSafe() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    for (HazelcastConnections.Handle handle : held) {
      com.hazelcast.core.HazelcastInstance instance = handle.instance();
      instance.getPartitionService().getPartitions(); // assigns the partitions if nobody has yet
      while (instance.getCluster().getMembers().size() < held.size()
          || !instance.getPartitionService().isClusterSafe()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cluster " + cluster + " not safe after 60 s: "
              + instance.getCluster().getMembers());
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for cluster " + cluster, e);
        }
      }
    }
  }

  /** The cluster name. */
  public String cluster() {
    return cluster;
  }

  /** The address of member {@code index}. */
  public String address(int index) {
    return "127.0.0.1:" + ports.get(index);
  }

  /** Every member's address, comma separated. */
  public String addresses() {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /** The properties of a tier on member {@code index} (this JVM's embedded member of that port). */
  public Map<String, Object> memberProperties(int index) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mode", "member");
    properties.put("cluster", cluster);
    properties.put("port", ports.get(index));
    properties.put("members", addresses());
    return properties;
  }

  /** A tier spec on member {@code index}. */
  public TierSpec memberSpec(int index) {
    return TierSpec.of("hazelcast", memberProperties(index));
  }

  /** The properties of a tier on a client of the cluster. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mode", "client");
    properties.put("cluster", cluster);
    properties.put("members", addresses());
    return properties;
  }

  /** A tier spec on a client of the cluster. */
  public TierSpec clientSpec() {
    return TierSpec.of("hazelcast", clientProperties());
  }

  /** The running instance of member {@code index}. */
  public com.hazelcast.core.HazelcastInstance member(int index) {
    return held.get(index).instance();
  }

  /** A cluster of the same name and ports, started again (after {@link #close}). */
  public HazelcastTestCluster restart() {
    HazelcastTestCluster result = new HazelcastTestCluster(cluster, ports);
    try {
      for (int i = 0; i < ports.size(); i++) {
        result.held.add(HazelcastConnections.acquire(
            io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess.settings(result.memberSpec(i))));
      }
      result.awaitSafe();
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    return result;
  }

  /** Shuts member {@code index} down. */
  public void stop(int index) {
    held.get(index).close();
  }

  /** A free loopback port. */
  public static int freePortForTests() {
    return freePort();
  }

  @Override
  public void close() {
    for (HazelcastConnections.Handle handle : held) {
      handle.close();
    }
    held.clear();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
