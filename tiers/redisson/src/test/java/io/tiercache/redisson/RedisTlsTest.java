package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code redis} tier over TLS: a redis-server with a TLS port and a self-signed certificate for
 * 127.0.0.1 (made with the JDK's {@code keytool}), the tier trusting it through {@code tlsTruststore}.
 */
class RedisTlsTest {

  private static final String STORE_PASSWORD = "changeit";

  @TempDir
  static Path dir;

  private static RedisProcess server;
  private static int tlsPort;
  private static Path truststore;

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(output).isTrue();

    KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      pkcs12.load(in, STORE_PASSWORD.toCharArray());
    }
    PrivateKey key = (PrivateKey) pkcs12.getKey("redis", STORE_PASSWORD.toCharArray());
    Certificate certificate = pkcs12.getCertificate("redis");
    Path keyPem = dir.resolve("server.key");
    Path certPem = dir.resolve("server.crt");
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("redis", certificate);
    truststore = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(truststore)) {
      trust.store(out, STORE_PASSWORD.toCharArray());
    }

    tlsPort = RedisProcess.freePort(false);
    try {
      server = RedisProcess.start(dir, "tls", false, port -> {
        List<String> arguments = RedisProcess.baseArguments(port, dir);
        arguments.addAll(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certPem.toString(),
            "--tls-key-file", keyPem.toString(), "--tls-ca-cert-file", certPem.toString(),
            "--tls-auth-clients", "no"));
        return arguments;
      });
    } catch (IllegalStateException e) {
      // a redis-server on the PATH built without TLS support does not know the option
      String cause = String.valueOf(e.getCause());
      Assumptions.assumeFalse(cause.contains("tls-port"), "this redis-server has no TLS support: " + cause);
      throw e;
    }
  }

  @AfterAll
  static void stopTlsServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Test
  void aTierTrustingTheServersCertificateWorksOverTls() {
    Tier<String, String> tier = new RedisTierFactory().create(TierSpec.of("redis", Map.of(
        "address", "redis://127.0.0.1:" + tlsPort, "tls", true,
        "tlsTruststore", truststore.toString(), "tlsTruststorePassword", STORE_PASSWORD)),
        TestTierContext.of("over-tls", String.class, String.class));
    try {
      tier.put("k", StoredEntry.of("secret", StoredEntry.NEVER, 1L));
      assertThat(tier.get("k").value()).isEqualTo("secret");
      assertThat((Long) server.command("EXISTS", "tc:{over-tls}:i")).as("written through the TLS port").isEqualTo(1L);
      tier.clear();
    } finally {
      tier.close();
    }
  }

  @Test
  void withoutTheTrustStoreTheCertificateIsRefused() {
    assertThatThrownBy(() -> new RedisTierFactory().create(TierSpec.of("redis", Map.of(
        "address", "rediss://127.0.0.1:" + tlsPort, "timeout", 1_000)),
        TestTierContext.of("untrusted", String.class, String.class)))
        .isInstanceOf(TierException.class)
        .hasMessageContaining("rediss://127.0.0.1:" + tlsPort);
  }
}
