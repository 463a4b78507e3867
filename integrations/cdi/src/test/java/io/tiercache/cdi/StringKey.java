package io.tiercache.cdi;

import javax.cache.annotation.GeneratedCacheKey;

/** The key the tests' own key generators make. */
public record StringKey(String value) implements GeneratedCacheKey {}
