package io.tiercache.redisson.internal;

import io.tiercache.spi.EntryFrames;
import io.tiercache.spi.CorruptEntryException;
import io.tiercache.codec.CodecException;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationMessages;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.NodeType;
import org.redisson.api.NodesGroup;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus of one cache's Redis tier: Redis pub/sub through Redisson, on the channel
 * {@code tc:{T}:inv} (the cache's hash tag, see {@link RedisKeys}).
 *
 * <ul>
 *   <li>Messages are {@link InvalidationMessages} (key, clear, probe), each bus of its own origin: a node
 *       ignores its own keys and clears, and reads only its own probes, numbered in sequence.</li>
 *   <li>A received key is decoded with the tier's allowlisted codec after its checksum verified; a
 *       message that cannot be read (unknown format or kind, bad checksum, refused class) is logged and
 *       makes the listener drop everything ({@link Listener#invalidatedAll()}): the safe answer.</li>
 *   <li>Liveness. The bus is <em>up</em> or <em>down</em>. It goes down, telling the listener
 *       {@link Listener#disconnected()}, when Redisson reports a connection to the server lost (prompt:
 *       the socket closed) or when one of its own probes did not come back within the timeout (a
 *       silently dead subscription: probes are sent only when nothing arrived for
 *       {@value #IDLE_PROBE_MILLIS} ms). While down it publishes a probe every {@value #TICK_MILLIS} ms;
 *       the first of its own probes sent <em>after</em> it went down that comes back proves the
 *       subscription delivers again: it goes up and tells {@link Listener#invalidatedAll()} (messages
 *       sent meanwhile are lost). A message read before the drop but dispatched after it cannot bring
 *       the bus up, since only probes numbered after the drop count. Redisson's connection events are
 *       per server, for every connection of the (shared) client: a lost command connection also takes
 *       the bus down, for one probe round trip once Redisson reconnected; a false alarm costs little, a
 *       missed one would cost stale reads. The probe timeout is the tier's timeout, at least 1 s.</li>
 *   <li>When Redisson resubscribes the channel (after it reconnected) while the bus believed itself
 *       up, the listener is told {@link Listener#invalidatedAll()}: messages may have been lost in a gap
 *       the bus did not see.</li>
 *   <li>Publishing is one synchronous {@code PUBLISH}, bounded by the tier's timeout, after the write. A
 *       message Redis did not take is queued and published again every {@value #TICK_MILLIS} ms until it
 *       is (more than {@value #MAX_PENDING} queued collapse into one clear), so a node whose subscription
 *       stayed up does not keep an old value because this node's publish failed.</li>
 *   <li>Classic pub/sub: in Redis Cluster a {@code PUBLISH} reaches every shard (sharded pub/sub,
 *       {@code SPUBLISH} on the cache's slot, would be cheaper there; not used yet).</li>
 * </ul>
 */
final class RedisInvalidationBus<K> implements InvalidationBus<K>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

  /** How often the bus checks its state (and probes while down). */
  static final long TICK_MILLIS = 100;
  /** After how long without any message the bus checks its subscription with a probe. */
  static final long IDLE_PROBE_MILLIS = 5_000;

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tiercache-redis-bus");
    thread.setDaemon(true);
    return thread;
  });

  private final String where;
  private final RedissonClient client;
  private final RTopic topic;
  private final String channel;
  private final EntryFrames<K, ?> frames;
  private final long probeTimeoutNanos;
  private final InvalidationMessages messages = new InvalidationMessages();
  private final ScheduledFuture<?> ticks;

  // guarded by this
  private Listener<K> listener;
  private boolean up;
  private boolean closed;
  /** Whether {@link #subscribe} has finished its first attempt (until then the timer leaves it alone). */
  private boolean subscribeReturned;
  private long nextProbe = 1;
  /** The first probe number that proves delivery after the bus went down (0 while up). */
  private long firstProbeAfterDown;
  /** The probe awaited while up (0 when none). */
  private long outstandingProbe;
  private long outstandingSince;
  private long lastProbeSent;
  private int messageListenerId = -1;
  private int statusListenerId = -1;
  private int connectionListenerId = -1;

  private volatile long lastReceived = System.nanoTime();

  /** How many unpublished messages are kept for retry before they collapse into one clear. */
  static final int MAX_PENDING = 10_000;
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  // guarded by pending
  private boolean pendingClear;
  private boolean retrying;

  RedisInvalidationBus(String where, RedissonClient client, String channel, EntryFrames<K, ?> frames,
      long timeoutMillis) {
    this.where = where;
    this.client = client;
    this.channel = channel;
    this.topic = client.getTopic(channel, ByteArrayCodec.INSTANCE);
    this.frames = frames;
    this.probeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, timeoutMillis));
    this.ticks = TIMER.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The channel of a cache whose keys {@code keys} lays out: {@code tc:{T}:inv}. */
  static String channelOf(RedisKeys keys) {
    String index = keys.indexKey();  // tc:{T}:i
    return index.substring(0, index.length() - 1) + "inv";
  }

  String channel() {
    return channel;
  }

  // ------------------------------------------------------------------ publishing

  @Override
  public void publish(K key) {
    send("publish an invalidation", messages.key(frames.encodeKey(key)), false);
  }

  @Override
  public void publishClear() {
    send("publish a clear", messages.clear(), true);
  }

  /**
   * Publishes now; if that fails, queues the message and publishes it again each tick until Redis takes it
   * (other nodes whose subscription stayed up would otherwise keep the old value until the key's next
   * write). More than {@value #MAX_PENDING} queued messages collapse into one clear.
   */
  private void send(String what, byte[] message, boolean clear) {
    try {
      topic.publish(message);
    } catch (RuntimeException e) {
      boolean first;
      synchronized (pending) {
        first = pending.isEmpty() && !pendingClear;
        if (clear || pendingClear || pending.size() >= MAX_PENDING) {
          pendingClear = true;
          pending.clear();
        } else {
          pending.add(message);
        }
      }
      if (first) {
        LOG.warn("{}: could not {} ({}); retrying until Redis takes it", where, what,
            RedisConnections.rootMessage(e));
      }
    }
  }

  /**
   * Publishes the queued messages again (asynchronously, one batch at a time: one clear, or keys only).
   * Called by the timer.
   */
  private void retryPending() {
    List<byte[]> batch = new ArrayList<>();
    boolean clear;
    synchronized (pending) {
      if (retrying || (pending.isEmpty() && !pendingClear)) {
        return;
      }
      retrying = true;
      clear = pendingClear;
      if (clear) {
        batch.add(messages.clear());
      } else {
        for (Iterator<byte[]> it = pending.iterator(); it.hasNext() && batch.size() < 1_000; ) {
          batch.add(it.next());
          it.remove();
        }
      }
    }
    CompletableFuture<?>[] sends = new CompletableFuture<?>[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      byte[] message = batch.get(i);
      sends[i] = topic.publishAsync(message).toCompletableFuture().handle((receivers, e) -> {
        if (e != null) {
          synchronized (pending) {
            if (clear) {
              pendingClear = true;
            } else if (!pendingClear && pending.size() < MAX_PENDING) {
              pending.add(message);
            } else {
              pendingClear = true;
              pending.clear();
            }
          }
        } else if (clear) {
          synchronized (pending) {
            pendingClear = false;
            pending.clear();
          }
        }
        return null;
      });
    }
    CompletableFuture.allOf(sends).whenComplete((ignored, e) -> {
      boolean done;
      synchronized (pending) {
        retrying = false;
        done = pending.isEmpty() && !pendingClear;
      }
      if (done) {
        LOG.info("{}: queued invalidations published", where);
      }
    });
  }

  /** Queued messages not yet published (tests). */
  int pendingMessages() {
    synchronized (pending) {
      return pending.size() + (pendingClear ? 1 : 0);
    }
  }

  // ------------------------------------------------------------------ subscribing

  @Override
  public void subscribe(Listener<K> target) {
    synchronized (this) {
      if (listener != null) {
        throw new IllegalStateException(where + ": the invalidation bus has a subscriber already");
      }
      if (closed) {
        return;
      }
      listener = target;
    }
    int status = -1;
    try {
      connectionListenerId = watchConnections();
      status = topic.addListener(new Status());
      int messages = topic.addListener(byte[].class, new Messages());
      synchronized (this) {
        statusListenerId = status;
        messageListenerId = messages;
        if (closed) {
          removeListeners();
          return;
        }
        up = true;
        subscribeReturned = true;
        lastReceived = System.nanoTime();
        target.invalidatedAll();
      }
    } catch (RuntimeException e) {
      // Redis is unreachable right now: say so, and keep trying (each tick) until the subscription works
      LOG.warn("{}: cannot subscribe to the invalidation channel {} yet: {}", where, channel,
          RedisConnections.rootMessage(e));
      if (status >= 0) {
        topic.removeListenerAsync(status);
      }
      synchronized (this) {
        target.disconnected();
        firstProbeAfterDown = nextProbe;
        subscribeReturned = true;
      }
    }
  }

  /** Reports lost and restored connections promptly (per server: coarse, but a false alarm costs a probe). */
  private int watchConnections() {
    try {
      @SuppressWarnings("deprecation")
      NodesGroup<?> nodes = client.getNodesGroup();
      return nodes.addConnectionListener(new Connections());
    } catch (RuntimeException e) {
      LOG.debug("{}: no connection events ({}); a lost subscription is found by probes", where, e.toString());
      return -1;
    }
  }

  /** Runs every {@value #TICK_MILLIS} ms on the shared timer: never blocks (asynchronous calls only). */
  private void tick() {
    try {
      retryPending();
      synchronized (this) {
        if (closed || listener == null || !subscribeReturned) {
          return;
        }
        long now = System.nanoTime();
        if (statusListenerId < 0 || messageListenerId < 0) {
          resubscribeAsync();
          return;
        }
        if (!up) {
          if (now - lastProbeSent >= TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS)) {
            sendProbe(now);
          }
          return;
        }
        if (outstandingProbe != 0) {
          if (now - outstandingSince > probeTimeoutNanos) {
            goDown("a probe did not come back within " + TimeUnit.NANOSECONDS.toMillis(probeTimeoutNanos) + " ms");
          }
        } else if (now - lastReceived > TimeUnit.MILLISECONDS.toNanos(IDLE_PROBE_MILLIS)) {
          outstandingProbe = sendProbe(now);
          outstandingSince = now;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: invalidation bus check failed", where, e);
    }
  }

  private boolean resubscribing;

  /** Adds the listeners that could not be added at subscribe time (Redis was unreachable). */
  private void resubscribeAsync() {
    if (resubscribing) {
      return;
    }
    resubscribing = true;
    topic.addListenerAsync(new Status()).thenCombine(topic.addListenerAsync(byte[].class, new Messages()),
        (status, messages) -> {
          synchronized (this) {
            statusListenerId = status;
            messageListenerId = messages;
            if (closed) {
              removeListeners();
            } else {
              sendProbe(System.nanoTime());
            }
          }
          return null;
        }).whenComplete((ignored, e) -> {
          synchronized (this) {
            resubscribing = false;
          }
        });
  }

  /** Publishes a probe asynchronously; returns its number. Caller holds the lock. */
  private long sendProbe(long now) {
    long number = nextProbe++;
    lastProbeSent = now;
    topic.publishAsync(messages.probe(number)).whenComplete((receivers, e) -> {
      if (e != null) {
        LOG.debug("{}: probe not published: {}", where, e.toString());
      }
    });
    return number;
  }

  private void probeNowIfDown() {
    synchronized (this) {
      if (!closed && listener != null && !up && statusListenerId >= 0 && messageListenerId >= 0) {
        sendProbe(System.nanoTime());
      }
    }
  }

  private void goDown(String reason) {
    synchronized (this) {
      if (closed || listener == null || !up) {
        return;
      }
      up = false;
      outstandingProbe = 0;
      firstProbeAfterDown = nextProbe;
      LOG.info("{}: invalidations cannot be delivered ({}); local tiers are bypassed until the channel {} "
          + "delivers again", where, reason, channel);
      listener.disconnected();
    }
  }

  private void probeReceived(long number) {
    synchronized (this) {
      if (closed || listener == null) {
        return;
      }
      if (up) {
        if (number == outstandingProbe) {
          outstandingProbe = 0;
        }
        return;
      }
      if (firstProbeAfterDown > 0 && number >= firstProbeAfterDown) {
        up = true;
        firstProbeAfterDown = 0;
        outstandingProbe = 0;
        LOG.info("{}: invalidations are delivered again on {}; local tiers were cleared", where, channel);
        listener.invalidatedAll();
      }
    }
  }

  private void resubscribed() {
    synchronized (this) {
      if (closed || listener == null) {
        return;
      }
      if (up) {
        // Redisson reconnected and resubscribed: messages sent in between are lost
        listener.invalidatedAll();
      } else {
        sendProbe(System.nanoTime());
      }
    }
  }

  /** Redisson's connection events (per server address, for every connection of the client). */
  @SuppressWarnings("deprecation")  // the one-argument methods are the abstract ones; Redisson calls the others
  private final class Connections implements ConnectionListener {
    @Override
    public void onConnect(InetSocketAddress address) {
      // see onConnect(address, type)
    }

    @Override
    public void onDisconnect(InetSocketAddress address) {
      // see onDisconnect(address, type)
    }

    @Override
    public void onConnect(InetSocketAddress address, NodeType type) {
      probeNowIfDown();
    }

    @Override
    public void onDisconnect(InetSocketAddress address, NodeType type) {
      goDown("lost a connection to " + address);
    }
  }

  private final class Status implements StatusListener {
    /** Redisson also reports the first subscription, possibly after subscribe() returned. */
    private boolean firstSeen;

    @Override
    public void onSubscribe(String name) {
      synchronized (RedisInvalidationBus.this) {
        if (!firstSeen) {
          firstSeen = true;
          if (up || !subscribeReturned) {
            // the subscription subscribe() made (and reported with invalidatedAll), not a resubscribe:
            // clearing the local tiers again here would only throw away entries read since
            return;
          }
        }
      }
      resubscribed();
    }

    @Override
    public void onUnsubscribe(String name) {
      goDown("unsubscribed from " + name);
    }
  }

  private final class Messages implements MessageListener<byte[]> {
    @Override
    public void onMessage(CharSequence name, byte[] message) {
      lastReceived = System.nanoTime();
      received(message);
    }
  }

  /** Handles one message; never throws. */
  void received(byte[] message) {
    Listener<K> target;
    synchronized (this) {
      target = listener;
      if (target == null || closed) {
        return;
      }
    }
    try {
      InvalidationMessages.Received received = messages.read(message);
      if (received == null) {
        return;  // our own key or clear, or another node's probe
      }
      switch (received.kind()) {
        case KEY -> target.invalidated(frames.decodeKey(received.keyFrame()));
        case CLEAR -> target.invalidatedAll();
        case PROBE -> probeReceived(received.probe());
      }
    } catch (CorruptEntryException | CodecException | IllegalArgumentException e) {
      unreadable(target, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("{}: an invalidation listener failed; dropping everything", where, e);
      try {
        target.invalidatedAll();
      } catch (RuntimeException again) {
        LOG.warn("{}: dropping everything failed too", where, again);
      }
    }
  }

  private void unreadable(Listener<K> target, String what) {
    LOG.warn("{}: unreadable invalidation on {} ({}); dropping every local entry", where, channel, what);
    target.invalidatedAll();
  }

  // ------------------------------------------------------------------ closing

  /** Stops listening (the tier is closing); the client itself is released by the tier. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ticks.cancel(false);
      removeListeners();
    }
  }

  /** Caller holds the lock. Asynchronous: a closing client must not hold the caller up. */
  private void removeListeners() {
    try {
      if (statusListenerId >= 0) {
        topic.removeListenerAsync(statusListenerId);
      }
      if (messageListenerId >= 0) {
        topic.removeListenerAsync(messageListenerId);
      }
      if (connectionListenerId >= 0) {
        @SuppressWarnings("deprecation")
        NodesGroup<?> nodes = client.getNodesGroup();
        nodes.removeConnectionListener(connectionListenerId);
      }
    } catch (RuntimeException e) {
      LOG.debug("{}: could not remove the bus listeners: {}", where, e.toString());
    }
    statusListenerId = -1;
    messageListenerId = -1;
    connectionListenerId = -1;
  }

  /** Whether the bus currently promises delivery (tests). */
  synchronized boolean isUp() {
    return up;
  }
}
