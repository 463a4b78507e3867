/**
 * Jakarta CDI support for the JSR-107 annotations ({@code javax.cache.annotation.CacheResult},
 * {@code CachePut}, {@code CacheRemove}, {@code CacheRemoveAll}, {@code CacheDefaults}). Putting the
 * {@code tiercache-cdi} jar on the classpath is enough: {@link io.tiercache.cdi.TieredCacheExtension} is
 * found through {@code META-INF/services} and enables the interceptors globally.
 */
package io.tiercache.cdi;
