/**
 * How caches become Micrometer meters. {@link io.tiercache.metrics.internal.MetricsHook} is the only
 * class the cache manager touches and refers to no Micrometer type, so the provider runs without
 * Micrometer; the other classes are loaded only when Micrometer is on the class path.
 */
package io.tiercache.metrics.internal;
