package io.tiercache.hazelcast.internal;

import io.tiercache.config.TierSpec;

/** Test access to the package-private parts of the properties. */
public final class HazelcastTierPropertiesAccess {

  private HazelcastTierPropertiesAccess() {
  }

  public static HazelcastConnections.Settings settings(TierSpec spec) {
    return HazelcastTierProperties.settings(spec);
  }
}
