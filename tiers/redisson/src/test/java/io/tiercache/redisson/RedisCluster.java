package io.tiercache.redisson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of its own for a test class: {@code masters} {@code redis-server} processes on free
 * loopback ports (each with its cluster bus on {@code port + 10000}), no replicas, the 16384 slots split
 * evenly among them. No {@code redis-cli} needed: the cluster is formed over plain connections with
 * {@code CLUSTER ADDSLOTS} and {@code CLUSTER MEET}, and startup waits until every node reports
 * {@code cluster_state:ok} and knows every other.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisCluster CLUSTER = RedisCluster.perClass();
 * ... Map.of("mode", "cluster", "nodes", CLUSTER.nodes())
 * </pre>
 */
public final class RedisCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** The number of hash slots of a Redis Cluster. */
  public static final int SLOTS = 16_384;

  private static final int ADDSLOTS_CHUNK = 1_000;
  private static final long FORM_TIMEOUT_MILLIS = 30_000;

  private final int masters;
  private final List<RedisProcess> nodes = new ArrayList<>();
  private final Map<Long, Integer> movedSlots = new HashMap<>();
  private Path workDir;

  private RedisCluster(int masters) {
    if (masters < 1) {
      throw new IllegalArgumentException("masters: " + masters);
    }
    this.masters = masters;
  }

  /** A cluster of three masters for one test class (register it with {@code @RegisterExtension}). */
  public static RedisCluster perClass() {
    return new RedisCluster(3);
  }

  /** A cluster of {@code masters} masters, started now; close it when done. */
  public static RedisCluster startNew(int masters) {
    RedisCluster cluster = new RedisCluster(masters);
    cluster.start();
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the nodes and forms the cluster (no-op when running). */
  public synchronized void start() {
    if (!nodes.isEmpty()) {
      return;
    }
    try {
      workDir = Files.createTempDirectory("tiercache-redis-cluster-");
      for (int i = 0; i < masters; i++) {
        String name = "node" + i;
        Path dir = Files.createDirectories(workDir.resolve(name));
        nodes.add(RedisProcess.start(workDir, name, true, port -> {
          List<String> arguments = RedisProcess.baseArguments(port, dir);
          arguments.addAll(List.of("--cluster-enabled", "yes",
              "--cluster-config-file", "nodes-" + port + ".conf",
              "--cluster-node-timeout", "5000",
              "--cluster-require-full-coverage", "yes"));
          return arguments;
        }));
      }
      form();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void form() {
    for (int i = 0; i < masters; i++) {
      int from = i * SLOTS / masters;
      int to = (i + 1) * SLOTS / masters;  // exclusive
      for (int start = from; start < to; start += ADDSLOTS_CHUNK) {
        int end = Math.min(to, start + ADDSLOTS_CHUNK);
        List<Object> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = start; slot < end; slot++) {
          command.add(slot);
        }
        nodes.get(i).command(command.toArray());
      }
    }
    RedisProcess first = nodes.get(0);
    for (int i = 1; i < masters; i++) {
      first.command("CLUSTER", "MEET", "127.0.0.1", nodes.get(i).port());
    }
    for (RedisProcess node : nodes) {
      RedisProcess.await(node + " to report cluster_state:ok with " + masters + " known nodes",
          FORM_TIMEOUT_MILLIS, () -> {
            String info = node.text("CLUSTER", "INFO");
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters + "\r")
                && info.contains("cluster_slots_ok:" + SLOTS + "\r");
          });
    }
    // every node must also see every other as connected, else a client that reads CLUSTER NODES from it
    // may find a master it cannot be redirected to yet
    for (RedisProcess node : nodes) {
      RedisProcess.await(node + " to see every node connected", FORM_TIMEOUT_MILLIS, () -> {
        String table = node.text("CLUSTER", "NODES");
        return table.lines().filter(line -> !line.isBlank()).count() == masters
            && table.lines().filter(line -> !line.isBlank()).allMatch(line -> line.contains(" connected"));
      });
    }
  }

  /** The nodes' addresses, {@code redis://127.0.0.1:port} each. */
  public List<String> nodes() {
    return nodes.stream().map(RedisProcess::uri).toList();
  }

  /** The nodes' addresses separated by commas: the text form of a tier's {@code nodes} property. */
  public String nodesText() {
    return nodes.stream().map(RedisProcess::uri).collect(Collectors.joining(","));
  }

  /** The number of masters. */
  public int size() {
    return nodes.size();
  }

  /** The slot of {@code key}, as the cluster computes it. */
  public long slot(String key) {
    return (Long) nodes.get(0).command("CLUSTER", "KEYSLOT", key);
  }

  /** The index (in {@link #nodes()}) of the master that serves {@code slot}. */
  public synchronized int nodeOfSlot(long slot) {
    Integer moved = movedSlots.get(slot);
    if (moved != null) {
      return moved;
    }
    for (int i = 0; i < masters; i++) {
      if (slot < (long) (i + 1) * SLOTS / masters) {
        return i;
      }
    }
    throw new IllegalArgumentException("slot " + slot);
  }

  /**
   * Moves {@code slot} with its keys to master {@code target}, as resharding does: {@code IMPORTING} /
   * {@code MIGRATING}, {@code MIGRATE} of every key, then {@code SETSLOT NODE} on every master. Clients
   * learn of it from {@code MOVED} replies.
   */
  public synchronized void moveSlot(long slot, int target) {
    int source = nodeOfSlot(slot);
    if (source == target) {
      return;
    }
    RedisProcess from = nodes.get(source);
    RedisProcess to = nodes.get(target);
    String fromId = from.text("CLUSTER", "MYID");
    String toId = to.text("CLUSTER", "MYID");
    to.command("CLUSTER", "SETSLOT", slot, "IMPORTING", fromId);
    from.command("CLUSTER", "SETSLOT", slot, "MIGRATING", toId);
    while (true) {
      List<?> keys = (List<?>) from.command("CLUSTER", "GETKEYSINSLOT", slot, 100);
      if (keys.isEmpty()) {
        break;
      }
      List<Object> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", to.port(), "", 0, 5_000, "KEYS"));
      migrate.addAll(keys);
      from.command(migrate.toArray());
    }
    for (RedisProcess node : nodes) {
      node.command("CLUSTER", "SETSLOT", slot, "NODE", toId);
    }
    movedSlots.put(slot, target);
  }

  /** How many keys node {@code index} holds in database 0. */
  public long keysOn(int index) {
    return (Long) nodes.get(index).command("DBSIZE");
  }

  /** Sends a command to node {@code index} (raw RESP, no redirects followed). */
  public Object command(int index, Object... args) {
    return nodes.get(index).command(args);
  }

  /** Deletes every key on every node. */
  public void flushAll() {
    for (RedisProcess node : nodes) {
      node.command("FLUSHALL");
    }
  }

  /** Stops every node and deletes their files. */
  @Override
  public synchronized void close() {
    for (RedisProcess node : nodes) {
      node.close();
    }
    nodes.clear();
    if (workDir != null) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a temporary directory
      }
      workDir = null;
    }
  }

  @Override
  public String toString() {
    return "RedisCluster" + nodes();
  }
}
