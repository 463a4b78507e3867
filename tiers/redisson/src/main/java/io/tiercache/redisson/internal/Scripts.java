package io.tiercache.redisson.internal;

/**
 * The Lua scripts of the Redis tier. Redisson runs them with EVALSHA (its script cache), loading a
 * script on NOSCRIPT.
 *
 * <p>Single-key mutations take {@code KEYS = [entry, index, lock]} and
 * {@code ARGV = [member, token, frame, mode, when, score, extra]}:
 * <ul>
 *   <li>{@code token}: the compute lock token the caller holds for the key, or empty. If the key's
 *       lock is held under another token the script changes nothing and returns {@code {-1}}
 *       ({@link #LOCKED}): the caller waits and retries. So every write respects a running compute,
 *       from this JVM or another.</li>
 *   <li>{@code mode}: {@code N} no expiry, {@code A} PEXPIREAT {@code when} (epoch ms), {@code R} PEXPIRE
 *       {@code when} (a reservation's short TTL). A write whose expiry already passed deletes the key.</li>
 *   <li>{@code score}: the index score, the expiry time, or {@code Long.MAX_VALUE} when eternal.</li>
 *   <li>{@code extra}: the expected version's 8 big-endian bytes, compared byte for byte with offsets 2..9
 *       of the stored frame (never through Lua numbers); for {@link #COMPUTE_WRITE}, {@code 1} to release
 *       the lock.</li>
 * </ul>
 * Replies are arrays whose first element is a status.
 *
 * <p>{@link #SIZE} and {@link #CLEAR} touch entry keys named in ARGV (prefix + member), not in KEYS:
 * every key of a cache shares one hash tag, so they are in the slot of the declared index key. That is
 * legal for scripts without flags (Redis 6 and 7), including Redis Cluster.
 */
final class Scripts {

  /** Status: the key is locked by another compute; nothing changed. */
  static final long LOCKED = -1;
  /** Status: the caller's compute lock expired (lease) and the write was refused. */
  static final long LOCK_LOST = -2;

  private static final String STORE = ""
      + "local function store()\n"
      + "  redis.call('SET', KEYS[1], ARGV[3])\n"
      + "  if ARGV[4] == 'A' then redis.call('PEXPIREAT', KEYS[1], ARGV[5])\n"
      + "  elseif ARGV[4] == 'R' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end\n"
      + "  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])\n"
      + "  else redis.call('ZREM', KEYS[2], ARGV[1]) end\n"
      + "end\n";

  private static final String CHECK_LOCK = ""
      + "local holder = redis.call('GET', KEYS[3])\n"
      + "if holder and holder ~= ARGV[2] then return {-1} end\n";

  /** Stores the frame. {@code {1}}. */
  static final String PUT = STORE + CHECK_LOCK
      + "store()\n"
      + "return {1}\n";

  /** Stores the frame if the key is absent: {@code {1}}; else {@code {0, current frame}}. */
  static final String PUT_IF_ABSENT = STORE + CHECK_LOCK
      + "local current = redis.call('GET', KEYS[1])\n"
      + "if current then return {0, current} end\n"
      + "store()\n"
      + "return {1}\n";

  /** Stores the frame if the stored version is {@code extra}: {@code {1}}; else {@code {0}}. */
  static final String REPLACE = STORE + CHECK_LOCK
      + "local current = redis.call('GET', KEYS[1])\n"
      + "if (not current) or string.sub(current, 3, 10) ~= ARGV[7] then return {0} end\n"
      + "store()\n"
      + "return {1}\n";

  /** Removes the key if the stored version is {@code extra}: {@code {1}}; else {@code {0}}. */
  static final String REMOVE_VERSION = CHECK_LOCK
      + "local current = redis.call('GET', KEYS[1])\n"
      + "if (not current) or string.sub(current, 3, 10) ~= ARGV[7] then return {0} end\n"
      + "redis.call('DEL', KEYS[1])\n"
      + "redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "return {1}\n";

  /** Removes the key. {@code {1}}. */
  static final String REMOVE = CHECK_LOCK
      + "redis.call('DEL', KEYS[1])\n"
      + "redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "return {1}\n";

  /**
   * The end of a compute: if the caller still holds the lock, stores the frame (or removes the key
   * when the frame is empty), releases the lock when {@code extra} is {@code 1}: {@code {1}}; else
   * {@code {-2}} ({@link #LOCK_LOST}) and nothing changes.
   */
  static final String COMPUTE_WRITE = STORE
      + "if redis.call('GET', KEYS[3]) ~= ARGV[2] then return {-2} end\n"
      + "if ARGV[3] == '' then\n"
      + "  redis.call('DEL', KEYS[1])\n"
      + "  redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "else store() end\n"
      + "if ARGV[7] == '1' then redis.call('DEL', KEYS[3]) end\n"
      + "return {1}\n";

  /**
   * {@code KEYS = [entry, lock]}, {@code ARGV = [token, lease ms]}: takes the lock if free and returns
   * {@code {1, current frame or nil}}; else {@code {0}}.
   */
  static final String LOCK_AND_GET = ""
      + "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
      + "  return {1, redis.call('GET', KEYS[1])}\n"
      + "end\n"
      + "return {0}\n";

  /**
   * {@code KEYS = lock keys in ascending order}, {@code ARGV = [token, lease ms]}: takes the locks in
   * order up to the first one held under another token; returns how many the caller now holds.
   */
  static final String LOCK_MANY = ""
      + "for i = 1, #KEYS do\n"
      + "  if not redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
      + "    if redis.call('GET', KEYS[i]) ~= ARGV[1] then return i - 1 end\n"
      + "  end\n"
      + "end\n"
      + "return #KEYS\n";

  /** {@code KEYS = [lock]}, {@code ARGV = [token]}: releases the lock if held under the token. */
  static final String UNLOCK = ""
      + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
      + "return 0\n";

  /**
   * {@code KEYS = [entry, index]}, {@code ARGV = [member, frame]}: removes an entry that did not verify,
   * if it still holds those bytes. 1 if removed.
   */
  static final String DISCARD = ""
      + "if redis.call('GET', KEYS[1]) == ARGV[2] then\n"
      + "  redis.call('DEL', KEYS[1])\n"
      + "  redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "  return 1\n"
      + "end\n"
      + "return 0\n";

  /** {@code KEYS = [entry, index]}, {@code ARGV = [member]}: drops the member if its entry is gone. */
  static final String PRUNE_IF_MISSING = ""
      + "if redis.call('EXISTS', KEYS[1]) == 0 then\n"
      + "  return redis.call('ZREM', KEYS[2], ARGV[1])\n"
      + "end\n"
      + "return 0\n";

  /**
   * {@code KEYS = [index]}, {@code ARGV = [entry prefix, now ms, limit]}: drops up to {@code limit}
   * members scored at or before {@code now} whose entry is gone, then returns the member count.
   */
  static final String SIZE = ""
      + "local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))\n"
      + "for _, m in ipairs(stale) do\n"
      + "  if redis.call('EXISTS', ARGV[1] .. m) == 0 then redis.call('ZREM', KEYS[1], m) end\n"
      + "end\n"
      + "return redis.call('ZCARD', KEYS[1])\n";

  /**
   * {@code KEYS = [index]}, {@code ARGV = [entry prefix, limit]}: deletes up to {@code limit} entries of
   * the index and their members; returns how many.
   */
  static final String CLEAR = ""
      + "local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)\n"
      + "for _, m in ipairs(members) do\n"
      + "  redis.call('DEL', ARGV[1] .. m)\n"
      + "  redis.call('ZREM', KEYS[1], m)\n"
      + "end\n"
      + "return #members\n";

  private Scripts() {
  }

  /** KEYS[1] lease key; ARGV[1] token, ARGV[2] lease ms. 1 when taken, 0 when another holder has it. */
  static final String TAKE_LEASE = ""
      + "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end\n"
      + "return 0\n";

  /** KEYS[1] lease key; ARGV[1] token. Deletes the lease only if this token still holds it. */
  static final String GIVE_LEASE_UP = ""
      + "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end\n"
      + "return 0\n";
}
