/**
 * The implementation of the Ehcache tiers: the tier, its byte frames and checksums, its Ehcache
 * configuration and lifecycle. Not an API: nothing here is stable.
 */
package io.tiercache.ehcache.internal;
