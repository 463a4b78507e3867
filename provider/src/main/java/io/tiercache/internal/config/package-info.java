/**
 * The declarative configuration: a YAML file named by the CacheManager URI ({@code classpath:...} or
 * {@code file:...}), read by {@link io.tiercache.internal.config.ConfigLoader} into an immutable
 * {@link io.tiercache.internal.config.TiercacheConfig}.
 */
package io.tiercache.internal.config;
