package io.tiercache.ehcache.internal;

import io.tiercache.spi.StoredEntry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ehcache.expiry.ExpiryPolicy;

/**
 * Ehcache's native expiry, derived from each record's own {@code expiresAt}: Ehcache drops an entry
 * once its time has passed (on access, or when it evicts), so memory and disk are reclaimed without
 * the core reading it. Reads do not extend the time (the core rewrites the entry for that).
 *
 * <ul>
 *   <li>A record whose time has already passed when written is not stored (Ehcache's rule for a zero
 *       time-to-live); the core never writes one on purpose.</li>
 *   <li>Reservations live {@link #RESERVATION_TTL_MILLIS} ms, so a reader that died never pins a key.</li>
 * </ul>
 */
final class RecordExpiryPolicy implements ExpiryPolicy<ByteKey, Record> {

  static final long RESERVATION_TTL_MILLIS = TimeUnit.SECONDS.toMillis(30);

  private static final Duration RESERVATION_TTL = Duration.ofMillis(RESERVATION_TTL_MILLIS);

  private final boolean entriesMayExpire;

  RecordExpiryPolicy(boolean entriesMayExpire) {
    this.entriesMayExpire = entriesMayExpire;
  }

  @Override
  public Duration getExpiryForCreation(ByteKey key, Record record) {
    return timeToLive(record);
  }

  @Override
  public Duration getExpiryForAccess(ByteKey key, Supplier<? extends Record> record) {
    return null;
  }

  @Override
  public Duration getExpiryForUpdate(ByteKey key, Supplier<? extends Record> oldRecord, Record record) {
    return timeToLive(record);
  }

  private Duration timeToLive(Record record) {
    if (record.isReservationUnchecked()) {
      return RESERVATION_TTL;
    }
    long expiresAt = record.expiresAtUnchecked();
    if (!entriesMayExpire || expiresAt == StoredEntry.NEVER) {
      return INFINITE;
    }
    long millis = expiresAt - System.currentTimeMillis();
    return millis <= 0 ? Duration.ZERO : Duration.ofMillis(millis);
  }
}
