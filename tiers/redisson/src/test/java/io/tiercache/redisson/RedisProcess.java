package io.tiercache.redisson;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * One {@code redis-server} process with arguments of the caller's choosing (cluster nodes, replicas,
 * sentinels), on a free loopback port; the building block of {@link RedisCluster} and
 * {@link RedisSentinels}. The binary is the one {@link RedisServer} finds (the {@code PATH}, else the
 * embedded-redis jar). It persists nothing and is killed if the JVM exits without closing it.
 */
final class RedisProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 15_000;

  private final String name;
  private final int port;
  private final Path log;
  private volatile Process process;

  private RedisProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a server on a free loopback port, waiting until it answers PING.
   *
   * @param workDir the directory for its files (config, log, cluster state)
   * @param name a label for messages and file names
   * @param clusterBus whether {@code port + 10000} (the cluster bus) must be free too
   * @param arguments the arguments after the binary, given the chosen port (they must set it)
   */
  static RedisProcess start(Path workDir, String name, boolean clusterBus, IntFunction<List<String>> arguments) {
    IOException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        int port = freePort(clusterBus);
        return launch(workDir, name, port, arguments.apply(port));
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException("could not start redis-server " + name, last);
  }

  /** The common arguments of a data node on {@code port}: loopback, no persistence, files in {@code dir}. */
  static List<String> baseArguments(int port, Path dir) {
    return new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--dir", dir.toString(),
        "--loglevel", "warning"));
  }

  private static RedisProcess launch(Path workDir, String name, int port, List<String> arguments)
      throws IOException {
    Path log = workDir.resolve(name + "-" + port + ".log");
    List<String> command = new ArrayList<>();
    command.add(RedisServer.binary().toString());
    command.addAll(arguments);
    Process started = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    RedisProcess result = new RedisProcess(name, port, log, started);
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-" + name + "-killer"));
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!started.isAlive()) {
        throw new IOException("redis-server " + name + " exited with " + started.exitValue() + " on port " + port
            + ": " + result.tail());
      }
      try {
        if ("PONG".equals(result.commandWithin(500, "PING"))) {
          return result;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      sleep(20);
    }
    started.destroyForcibly();
    throw new IOException("redis-server " + name + " did not answer PING on port " + port + ": " + result.tail());
  }

  /** The port. */
  int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The process, or {@code null} once stopped. */
  Process process() {
    return process;
  }

  /**
   * Sends one command over a new connection: {@code String}, {@code Long}, {@code byte[]},
   * {@code List<Object>} or {@code null}; an error reply throws {@link IllegalStateException}.
   */
  Object command(Object... args) {
    return commandWithin(5_000, args);
  }

  /** A command whose reply is text (simple or bulk string). */
  String text(Object... args) {
    Object reply = command(args);
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
  }

  /** Waits until {@code condition} holds, failing with {@code what} after {@code timeoutMillis}. */
  static void await(String what, long timeoutMillis, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    RuntimeException last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(50);
    }
    throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what, last);
  }

  /** Stops the process: SHUTDOWN NOSAVE, then SIGKILL if it lingers. */
  @Override
  public void close() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    if (!running.isAlive()) {
      return;
    }
    try {
      commandWithin(1_000, "SHUTDOWN", "NOSAVE");
    } catch (RuntimeException expected) {
      // the server closes the connection without a reply
    }
    try {
      if (!running.waitFor(5, TimeUnit.SECONDS)) {
        running.destroyForcibly();
        running.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process at once (SIGKILL). */
  void kill() {
    Process running = process;
    if (running != null) {
      process = null;
      running.destroyForcibly();
      try {
        running.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The last lines of the log. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return "redis-server " + name + " " + uri();
  }

  // ------------------------------------------------------------------ raw RESP client

  private Object commandWithin(int timeoutMillis, Object... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      RedisServer.write(out, args);
      return RedisServer.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(this + ": " + (args.length > 0 ? args[0] : "") + " failed", e);
    }
  }



  // ------------------------------------------------------------------ helpers

  /** A free loopback port; with {@code clusterBus}, one whose {@code port + 10000} is free as well. */
  static int freePort(boolean clusterBus) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      if (!clusterBus) {
        return port;
      }
      // ephemeral ports are often above 55535, where port + 10000 does not exist: take one below instead
      int candidate = port + 10_000 <= 65_535 ? port : 20_000 + port % 20_000;
      if (bindable(candidate) && bindable(candidate + 10_000)) {
        return candidate;
      }
    }
    throw new IOException("no free port pair (port, port + 10000) for a cluster node");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
