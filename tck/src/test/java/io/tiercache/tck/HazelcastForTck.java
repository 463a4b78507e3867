package io.tiercache.tck;

import io.tiercache.hazelcast.HazelcastTestCluster;
import io.tiercache.hazelcast.HazelcastTiers;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Gives the TCK stacks with a Hazelcast tier a Hazelcast member: a JUnit 4 {@link RunListener} that surefire's
 * JUnit 4 provider registers (the {@code listener} property of a {@code tck-*} execution).
 *
 * <p>When the run starts, before any TCK test creates a cache manager, it starts one embedded member on loopback
 * ({@link HazelcastTestCluster}: a cluster name of its own, a free port, TCP/IP join only) and registers it with
 * {@link HazelcastTiers#register} as {@value #INSTANCE_NAME}; the stack's YAML names it
 * ({@code hazelcast: { instance: tck }}). The tiers never shut a registered instance down, so the member lives for
 * the whole run instead of starting and stopping with every cache manager the TCK opens and closes.
 *
 * <p>When the run finishes it unregisters and stops the member (Hazelcast's own shutdown hook stops it if the JVM
 * exits first). It never sets a TCK property.
 */
public final class HazelcastForTck extends RunListener {

  /** The name the member is registered under, which the stack's YAML gives as the tier's {@code instance}. */
  public static final String INSTANCE_NAME = "tck";

  private static HazelcastTestCluster cluster;

  @Override
  public void testRunStarted(Description description) {
    start();
  }

  @Override
  public void testRunFinished(Result result) {
    stop();
  }

  static synchronized void start() {
    if (cluster != null) {
      return;
    }
    HazelcastTestCluster started = HazelcastTestCluster.start(1);
    cluster = started;
    HazelcastTiers.register(INSTANCE_NAME, started.member(0));
  }

  static synchronized void stop() {
    HazelcastTestCluster running = cluster;
    if (running == null) {
      return;
    }
    cluster = null;
    HazelcastTiers.unregister(INSTANCE_NAME);
    running.close();
  }
}
