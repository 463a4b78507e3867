package io.tiercache.hazelcast.internal;

import com.hazelcast.config.Config;
import io.tiercache.config.TierSpec;

/** Test access to the package-private parts of the properties. */
public final class HazelcastTierPropertiesAccess {

  private HazelcastTierPropertiesAccess() {
  }

  public static HazelcastConnections.Settings settings(TierSpec spec) {
    return HazelcastTierProperties.settings(spec);
  }

  /**
   * The configuration of the embedded member a tier of {@code spec} (mode member) would start, plus the
   * map configuration such a tier adds for its caches, for every {@code tc:*} map: what a standalone member
   * of that cluster needs to be like the tier's.
   */
  public static Config memberConfig(TierSpec spec) {
    return HazelcastConnections.memberConfig(settings(spec))
        .addMapConfig(HazelcastTiersInternal.mapConfig("tc:*", spec));
  }
}
