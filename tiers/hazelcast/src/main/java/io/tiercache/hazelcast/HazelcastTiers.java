package io.tiercache.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.tiercache.hazelcast.internal.HazelcastConnections;

/**
 * Hands a {@link HazelcastInstance} of the application's own to the {@code hazelcast} tiers: a tier
 * whose {@code instance} property is {@code name} then uses it (as a member or a client, whichever it
 * is) instead of starting one. The tiers never shut a registered instance down.
 */
public final class HazelcastTiers {

  private HazelcastTiers() {
  }

  /** Registers {@code instance} under {@code name}, replacing any instance registered under it before. */
  public static void register(String name, HazelcastInstance instance) {
    HazelcastConnections.register(name, instance);
  }

  /**
   * Forgets the instance registered under {@code name} (tiers already built keep using it).
   *
   * @return the instance that was registered, or {@code null}
   */
  public static HazelcastInstance unregister(String name) {
    return HazelcastConnections.unregister(name);
  }
}
