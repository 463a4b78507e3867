/**
 * The interceptors and what they share: method details read once per method, the default key
 * generator and cache resolver, the lookup of user-named generators and resolver factories. Not an API.
 */
package io.tiercache.cdi.internal;
