package io.tiercache.redisson;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code redis-server} process of its own for a test class, on a free loopback port; no install needed.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisServer REDIS = RedisServer.perClass();   // started before all tests, stopped after
 * ... REDIS.uri()   // redis://127.0.0.1:port
 * </pre>
 *
 * <ul>
 *   <li>The binary: {@code redis-server} on the {@code PATH}; else the one shipped inside
 *       {@code com.github.codemonstur:embedded-redis} (a test dependency), extracted once per JVM to a
 *       temporary executable file. Nothing else is needed: only a JDK.</li>
 *   <li>Always a process of its own: no test depends on a server someone else started (or may not
 *       kill, pause or reconfigure).</li>
 *   <li>The server persists nothing ({@code --save "" --appendonly no}) and keeps its working files in
 *       a temporary directory that {@link #close()} deletes. Startup waits until it answers PING.</li>
 *   <li>Fault tests: {@link #kill()} (SIGKILL), {@link #pause()} / {@link #resume()} (SIGSTOP / SIGCONT:
 *       the port stays open, commands hang), {@link #restart()} (a fresh empty server on the same port).</li>
 *   <li>{@link #command(Object...)} is a raw RESP client for tests that read or write bytes behind a
 *       tier's back (no Redisson involved).</li>
 * </ul>
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 15_000;
  private static final Object EXTRACT_LOCK = new Object();
  private static Path extractedBinary;

  private Path workDir;
  private volatile Process process;
  private int port;

  private RedisServer() {
  }

  /** A server for one test class (register it with {@code @RegisterExtension} on a static field). */
  public static RedisServer perClass() {
    return new RedisServer();
  }

  /** Starts a server now (outside JUnit's lifecycle); close it when done. */
  public static RedisServer startNew() {
    RedisServer server = perClass();
    server.start();
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The address, e.g. {@code redis://127.0.0.1:6379}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The host. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The server process, or {@code null} when stopped. */
  public synchronized Process process() {
    return process;
  }

  /** Starts the process (no-op when already running). */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      if (workDir == null) {
        workDir = Files.createTempDirectory("tiercache-redis-");
      }
      IOException last = null;
      boolean samePort = port != 0;  // a restart keeps its port, so clients reconnect to it
      for (int attempt = 0; attempt < (samePort ? 25 : 5); attempt++) {
        int candidate = samePort ? port : freePort();
        try {
          launch(candidate);
          port = candidate;
          registerShutdownHook();
          return;
        } catch (IOException e) {
          last = e;
          if (samePort) {
            sleep(200);
          }
        }
      }
      throw new IllegalStateException("could not start redis-server", last);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean hookRegistered;

  /** Kills the process if the JVM exits without closing this server (a crashed or aborted test run). */
  private void registerShutdownHook() {
    if (!hookRegistered) {
      hookRegistered = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        Process running = process;
        if (running != null) {
          running.destroyForcibly();
        }
      }, "redis-server-killer"));
    }
  }

  private void launch(int candidate) throws IOException {
    Path binary = binary();
    Path log = workDir.resolve("redis-" + candidate + ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--port", Integer.toString(candidate),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no",
        "--daemonize", "no",
        "--dir", workDir.toString(),
        "--loglevel", "warning"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process started = builder.start();
    process = started;
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!started.isAlive()) {
        process = null;
        throw new IOException("redis-server exited with " + started.exitValue() + " on port " + candidate
            + ": " + tail(log));
      }
      if (pingOnce(candidate)) {
        return;
      }
      sleep(20);
    }
    started.destroyForcibly();
    process = null;
    throw new IOException("redis-server did not answer PING on port " + candidate + " within "
        + START_TIMEOUT_MILLIS + " ms: " + tail(log));
  }

  /** Kills the process at once (SIGKILL); {@link #restart()} brings up an empty one on the same port. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(process);
      process = null;
    }
  }

  /** Freezes the process (SIGSTOP): connections stay open, commands get no answer. */
  public synchronized void pause() {
    signal("STOP");
  }

  /** Thaws a paused process (SIGCONT). */
  public synchronized void resume() {
    signal("CONT");
  }

  /** Stops the process (if running) and starts an empty one on the same port. */
  public synchronized void restart() {
    stopProcess();
    start();
  }

  /** Deletes every key of every database. */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Stops the process (SHUTDOWN NOSAVE, then SIGKILL if needed) and deletes its files. */
  @Override
  public synchronized void close() {
    stopProcess();
    if (workDir != null) {
      deleteTree(workDir);
      workDir = null;
    }
  }

  private void stopProcess() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    if (running.isAlive()) {
      signalQuietly(running, "CONT");
      try {
        commandWithin(1_000, "SHUTDOWN", "NOSAVE");
      } catch (RuntimeException expected) {
        // the server closes the connection without a reply, or is unreachable: killed below if needed
      }
      try {
        if (!running.waitFor(5, TimeUnit.SECONDS)) {
          running.destroyForcibly();
          waitFor(running);
        }
      } catch (InterruptedException e) {
        running.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ raw client

  /**
   * Sends one command over a new connection and returns the reply: {@code String} (simple string),
   * {@code Long}, {@code byte[]} (bulk), {@code List<Object>} (array), {@code null} (nil). An error reply
   * throws {@link IllegalStateException}. Arguments are {@code byte[]} or anything else as its
   * {@code toString()} in UTF-8.
   */
  public Object command(Object... args) {
    return commandWithin(5_000, args);
  }

  private Object commandWithin(int timeoutMillis, Object... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host(), port()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      write(out, args);
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + uri() + ": " + (args.length > 0 ? args[0] : "") + " failed", e);
    }
  }

  static void write(OutputStream out, Object[] args) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes = arg instanceof byte[] raw ? raw : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
      buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.write(bytes);
      buffer.write('\r');
      buffer.write('\n');
    }
    out.write(buffer.toByteArray());
    out.flush();
  }

  static Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("connection closed");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        in.readNBytes(2);
        return bytes;
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read(in));
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type '" + (char) type + "'");
    }
  }

  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("connection closed");
      }
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(next);
      previous = next;
    }
  }

  // ------------------------------------------------------------------ helpers

  private boolean pingOnce(int candidatePort) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidatePort), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      write(out, new Object[] {"PING"});
      return "PONG".equals(read(in));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void signal(String signal) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("redis-server is not running");
    }
    signalQuietly(process, signal);
  }

  private static void signalQuietly(Process target, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
          .redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException("could not send SIG" + signal + " to redis-server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** {@code redis-server} on the PATH, else the embedded-redis binary for this platform. */
  static Path binary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return embeddedBinary();
  }

  private static Path embeddedBinary() throws IOException {
    synchronized (EXTRACT_LOCK) {
      if (extractedBinary != null && Files.isExecutable(extractedBinary)) {
        return extractedBinary;
      }
      String resource = embeddedResource();
      Path target = Files.createTempFile("tiercache-" + resource + "-", "");
      try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("no redis-server on the PATH and no resource '" + resource
              + "' on the class path (com.github.codemonstur:embedded-redis)");
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!target.toFile().setExecutable(true, true)) {
        throw new IOException("cannot make " + target + " executable");
      }
      target.toFile().deleteOnExit();
      extractedBinary = target;
      return target;
    }
  }

  /** The resource name inside the embedded-redis 1.4.3 jar for this OS and architecture. */
  static String embeddedResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    boolean x64 = arch.contains("amd64") || arch.contains("x86_64");
    if (os.contains("linux")) {
      if (x64) {
        return "redis-server-6.2.6-v5-linux-amd64";
      }
      if (arm) {
        return "redis-server-6.2.7-linux-arm64";
      }
      return "redis-server-6.2.7-linux-386";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    throw new IllegalStateException("no embedded redis-server for " + os + "/" + arch
        + ": install redis-server on the PATH");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void waitFor(Process target) {
    try {
      target.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + uri() + "]";
  }
}
