package io.tiercache.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * A {@code redis-server} process on a free loopback port, for one benchmark trial: the binary on the
 * {@code PATH}, else the one inside the {@code com.github.codemonstur:embedded-redis} jar (extracted
 * once per JVM). It persists nothing. A benchmark jar cannot use the test-jar's {@code RedisServer}
 * (JUnit types, and a test artifact in a runnable jar); this is the same recipe, cut down.
 */
final class LocalRedis implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 15_000;
  private static Path extracted;

  private final Process process;
  private final Path workDir;
  private final int port;

  private LocalRedis(Process process, Path workDir, int port) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts a server and waits until it answers PING. */
  static LocalRedis start() {
    try {
      Path workDir = Files.createTempDirectory("tiercache-bench-redis-");
      int port = Subjects.freePort();
      Process process = new ProcessBuilder(List.of(binary().toString(), "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
          "--daemonize", "no", "--dir", workDir.toString(), "--loglevel", "warning"))
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("redis.log").toFile())
          .start();
      LocalRedis server = new LocalRedis(process, workDir, port);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-server-killer"));
      long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
      while (!server.ping()) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          server.close();
          throw new IllegalStateException("redis-server did not start on port " + port + ": "
              + Files.readString(workDir.resolve("redis.log")));
        }
        Thread.sleep(20);
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The address, {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private boolean ping() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] reply = new byte[5];
      int read = socket.getInputStream().readNBytes(reply, 0, 5);
      return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var files = Files.walk(workDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private static synchronized Path binary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = dir.isEmpty() ? null : Path.of(dir, "redis-server");
        if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    if (extracted != null && Files.isExecutable(extracted)) {
      return extracted;
    }
    String resource = embeddedResource();
    Path target = Files.createTempFile("tiercache-bench-" + resource + "-", "");
    try (InputStream in = LocalRedis.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no redis-server on the PATH and no " + resource + " in the embedded-redis jar");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    if (!target.toFile().setExecutable(true, true)) {
      throw new IOException("cannot make " + target + " executable");
    }
    target.toFile().deleteOnExit();
    extracted = target;
    return target;
  }

  /** The resource name inside the embedded-redis 1.4.3 jar for this OS and architecture. */
  private static String embeddedResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    if (os.contains("linux")) {
      return arm ? "redis-server-6.2.7-linux-arm64"
          : arch.contains("64") ? "redis-server-6.2.6-v5-linux-amd64" : "redis-server-6.2.7-linux-386";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    throw new IllegalStateException("no embedded redis-server for " + os + "/" + arch
        + ": put redis-server on the PATH");
  }
}
