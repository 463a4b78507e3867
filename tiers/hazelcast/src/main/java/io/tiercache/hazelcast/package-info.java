/**
 * A shared Hazelcast tier, found by the core through {@code META-INF/services/io.tiercache.spi.TierFactory}:
 * kind {@code hazelcast} ({@link io.tiercache.hazelcast.HazelcastTierFactory}), an embedded member or a
 * client; {@link io.tiercache.hazelcast.HazelcastTiers} hands over an instance of the application's own.
 * The map layout is described in the module's README.
 */
package io.tiercache.hazelcast;
