/**
 * A shared Redis tier on Redisson, found by the core through
 * {@code META-INF/services/io.tiercache.spi.TierFactory}: kind {@code redis}
 * ({@link io.tiercache.redisson.RedisTierFactory}). Configure it with
 * {@link io.tiercache.config.Tiers#redis(String)} or in YAML. The key layout in Redis is described in
 * the module's README and in {@link io.tiercache.redisson.internal.RedisKeys}.
 *
 * <p>Redisson registers its own JSR-107 {@code CachingProvider}; with this module on the class path,
 * name ours where a {@code CachingProvider} is looked up.
 */
package io.tiercache.redisson;
