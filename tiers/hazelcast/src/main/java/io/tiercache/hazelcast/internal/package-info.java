/**
 * The implementation of the Hazelcast tier: its byte frames and checksums, the maps and topic it uses,
 * the shared Hazelcast instances. Not an API: nothing here is stable.
 */
package io.tiercache.hazelcast.internal;
