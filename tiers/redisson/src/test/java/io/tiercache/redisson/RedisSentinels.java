package io.tiercache.redisson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sentinel-managed Redis of its own for a test class: one master, one replica and one sentinel
 * ({@code redis-server <config> --sentinel}, quorum 1) on free loopback ports. Startup waits until the
 * replica is in sync and the sentinel knows the master and the replica.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisSentinels SENTINELS = RedisSentinels.perClass();
 * ... Map.of("mode", "sentinel", "master", SENTINELS.masterName(), "nodes", SENTINELS.sentinelUri())
 * </pre>
 */
public final class RedisSentinels implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** The master name the sentinel monitors. */
  public static final String MASTER_NAME = "mymaster";

  private static final long READY_TIMEOUT_MILLIS = 30_000;

  private Path workDir;
  private RedisProcess master;
  private RedisProcess replica;
  private RedisProcess sentinel;

  private RedisSentinels() {
  }

  /** One master, one replica, one sentinel for one test class (register with {@code @RegisterExtension}). */
  public static RedisSentinels perClass() {
    return new RedisSentinels();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the three processes (no-op when running). */
  public synchronized void start() {
    if (master != null) {
      return;
    }
    try {
      workDir = Files.createTempDirectory("tiercache-redis-sentinel-");
      Path masterDir = Files.createDirectories(workDir.resolve("master"));
      Path replicaDir = Files.createDirectories(workDir.resolve("replica"));
      Path sentinelDir = Files.createDirectories(workDir.resolve("sentinel"));
      master = RedisProcess.start(workDir, "master", false, port -> RedisProcess.baseArguments(port, masterDir));
      int masterPort = master.port();
      replica = RedisProcess.start(workDir, "replica", false, port -> {
        List<String> arguments = RedisProcess.baseArguments(port, replicaDir);
        arguments.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        return arguments;
      });
      RedisProcess.await("the replica to sync with the master", READY_TIMEOUT_MILLIS,
          () -> replica.text("INFO", "replication").contains("master_link_status:up"));
      sentinel = RedisProcess.start(workDir, "sentinel", false, port -> {
        // a sentinel rewrites its configuration file: one writable file per attempt
        Path config = sentinelDir.resolve("sentinel-" + port + ".conf");
        try {
          Files.writeString(config, String.join("\n",
              "port " + port,
              "bind 127.0.0.1",
              "protected-mode no",
              "daemonize no",
              "dir " + sentinelDir,
              "loglevel warning",
              "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
              "sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
              "sentinel failover-timeout " + MASTER_NAME + " 10000",
              ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new ArrayList<>(List.of(config.toString(), "--sentinel"));
      });
      RedisProcess.await("the sentinel to know the master and its replica", READY_TIMEOUT_MILLIS, () -> {
        Object address = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        Object replicas = sentinel.command("SENTINEL", "REPLICAS", MASTER_NAME);
        return address instanceof List<?> hostPort && hostPort.size() == 2
            && replicas instanceof List<?> list && list.size() == 1;
      });
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The sentinel's address, {@code redis://127.0.0.1:port}: a tier's {@code nodes}. */
  public String sentinelUri() {
    return sentinel.uri();
  }

  /** The master name, {@value #MASTER_NAME}. */
  public String masterName() {
    return MASTER_NAME;
  }

  /** The master's port. */
  public int masterPort() {
    return master.port();
  }

  /** The replica's port. */
  public int replicaPort() {
    return replica.port();
  }

  /** Kills the master at once (SIGKILL): the sentinel then promotes the replica. */
  public void killMaster() {
    master.kill();
  }

  /** The port of the master as the sentinel currently sees it. */
  public int currentMasterPort() {
    List<?> address = (List<?>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
    return Integer.parseInt(new String((byte[]) address.get(1), StandardCharsets.UTF_8));
  }

  /** Sends a command to the master. */
  public Object master(Object... args) {
    return master.command(args);
  }

  /** Sends a command to the replica. */
  public Object replica(Object... args) {
    return replica.command(args);
  }

  /** Sends a command to the sentinel. */
  public Object sentinel(Object... args) {
    return sentinel.command(args);
  }

  /** Stops the three processes and deletes their files. */
  @Override
  public synchronized void close() {
    for (RedisProcess process : new RedisProcess[] {sentinel, replica, master}) {
      if (process != null) {
        process.close();
      }
    }
    sentinel = null;
    replica = null;
    master = null;
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
    return "RedisSentinels[master " + (master == null ? "-" : master.uri()) + ", sentinel "
        + (sentinel == null ? "-" : sentinel.uri()) + "]";
  }
}
