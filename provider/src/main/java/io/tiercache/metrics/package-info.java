/**
 * Micrometer meters for tiercache caches: {@link io.tiercache.metrics.TieredCacheMetrics}. Needs
 * {@code io.micrometer:micrometer-core} on the class path; the provider itself runs without it.
 */
package io.tiercache.metrics;
