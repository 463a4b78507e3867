/**
 * The implementation of the Redis tier: its byte frames and checksums, Lua scripts, key layout, the
 * shared Redisson clients. Not an API: nothing here is stable.
 */
package io.tiercache.redisson.internal;
