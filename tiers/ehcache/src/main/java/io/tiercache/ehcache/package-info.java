/**
 * Off-heap and disk tiers on Ehcache 3, found by the core through
 * {@code META-INF/services/io.tiercache.spi.TierFactory}: kinds {@code offheap}
 * ({@link io.tiercache.ehcache.OffHeapTierFactory}) and {@code disk}
 * ({@link io.tiercache.ehcache.DiskTierFactory}). Configure them with
 * {@link io.tiercache.config.Tiers#offHeap(String)} and {@link io.tiercache.config.Tiers#disk(String, String, boolean)}
 * or in YAML.
 *
 * <p>Ehcache is shaded into this module's jar without its own JSR-107 provider, so adding the module
 * never puts a second {@code CachingProvider} on the class path.
 */
package io.tiercache.ehcache;
