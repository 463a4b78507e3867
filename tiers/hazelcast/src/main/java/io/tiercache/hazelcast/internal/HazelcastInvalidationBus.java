package io.tiercache.hazelcast.internal;

import io.tiercache.spi.EntryFrames;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationMessages;
import io.tiercache.spi.TierException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache's invalidations over one Hazelcast {@code ITopic<byte[]>} ({@code tc.inv:<cache>}).
 *
 * <p>Messages are {@link InvalidationMessages} (key, clear, probe with a random nonce). The origin is
 * random per tier (not per Hazelcast instance: two cache managers of one JVM may share an instance and
 * must still tell each other); a tier ignores its own messages. Key frames verify (checksum,
 * allowlisted codec) before anything is decoded; a message that does not verify is logged and drops
 * everything, which is always safe.
 *
 * <p>What may lose messages, and what the listener is told:
 *
 * <ul>
 *   <li>A client loses its cluster ({@code CLIENT_DISCONNECTED}): {@code disconnected()}; connected again
 *       ({@code CLIENT_CONNECTED}): {@code invalidatedAll()} once a probe published then comes back (the
 *       client re-registers its topic listener asynchronously after it reconnects).</li>
 *   <li>A member's cluster splits and later merges ({@code MERGING} ... {@code MERGED}):
 *       {@code disconnected()}, then {@code invalidatedAll()} once merged and a probe came back (the merge
 *       changes entries without messages).</li>
 *   <li>A member joins a client's cluster: {@code disconnected()} until a probe comes back (the client
 *       registers its listener with the new member asynchronously).</li>
 *   <li>A member leaves (its messages in flight are lost; a client's listener may move to another
 *       member) or a partition's data is lost: {@code invalidatedAll()}.</li>
 *   <li>The instance shuts down: {@code disconnected()}.</li>
 * </ul>
 */
final class HazelcastInvalidationBus<K> implements InvalidationBus<K>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastInvalidationBus.class);

  static final int PROBE_MILLIS = 100;

  private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tiercache-hazelcast-bus-probe");
    thread.setDaemon(true);
    return thread;
  });

  private final String where;
  private final HazelcastConnections.Handle handle;
  private final HazelcastInstance instance;
  private final ITopic<byte[]> topic;
  private final EntryFrames<K, ?> frames;
  private final InvalidationMessages messages = new InvalidationMessages();

  private volatile Listener<K> listener;
  private boolean closed;
  private UUID messageRegistration;
  private UUID lifecycleRegistration;
  private UUID membershipRegistration;
  private UUID partitionLostRegistration;
  /** Whether the listener was told {@code disconnected()} and not yet {@code invalidatedAll()}. */
  private boolean down;
  /** The probe that must come back before the listener hears {@code invalidatedAll()}; 0: none. */
  private long probeNonce;
  private ScheduledFuture<?> probing;

  HazelcastInvalidationBus(String where, HazelcastConnections.Handle handle, String topicName,
      EntryFrames<K, ?> frames) {
    this.where = where;
    this.handle = handle;
    this.instance = handle.instance();
    this.topic = instance.getTopic(topicName);
    this.frames = frames;
  }

  // ------------------------------------------------------------------ publishing

  @Override
  public void publish(K key) {
    send("publish an invalidation", messages.key(frames.encodeKey(key)));
  }

  @Override
  public void publishClear() {
    send("publish a clear", messages.clear());
  }

  private void send(String what, byte[] message) {
    try {
      topic.publish(message);
    } catch (RuntimeException e) {
      throw new TierException(where + ": could not " + what + ": " + e, e);
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
    try {
      UUID lifecycle = instance.getLifecycleService().addLifecycleListener(this::lifecycle);
      UUID membership = instance.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          if (!handle.isMember()) {
            // a client registers its topic listener with a new member asynchronously: until a probe comes
            // back, messages published there may be missed
            disconnected("member " + event.getMember() + " joined");
            startProbing();
          }
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          LOG.info("{}: member {} left: dropping this node's local copies", where, event.getMember());
          invalidatedAll();
        }
      });
      UUID messages = topic.addMessageListener(this::message);
      UUID partitionLost = null;
      if (handle.isMember()) {
        partitionLost = instance.getPartitionService().addPartitionLostListener(event -> {
          LOG.warn("{}: partition {} lost data: dropping this node's local copies", where, event.getPartitionId());
          invalidatedAll();
        });
      }
      synchronized (this) {
        lifecycleRegistration = lifecycle;
        membershipRegistration = membership;
        messageRegistration = messages;
        partitionLostRegistration = partitionLost;
        if (closed) {
          removeListeners();
          return;
        }
      }
      invalidatedAll();
    } catch (RuntimeException e) {
      throw new TierException(where + ": cannot subscribe to the invalidation topic: " + e, e);
    }
  }

  private void message(Message<byte[]> message) {
    byte[] bytes = message.getMessageObject();
    Listener<K> target = listener;
    if (target == null || bytes == null) {
      return;
    }
    InvalidationMessages.Received received;
    try {
      received = messages.read(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: an invalidation message does not verify ({}): dropping everything", where, e.getMessage());
      invalidatedAll();
      return;
    }
    if (received == null) {
      return;  // our own key or clear, or another node's probe
    }
    switch (received.kind()) {
      case PROBE -> probeReturned(received.probe());
      case CLEAR -> invalidatedAll();
      case KEY -> {
        try {
          target.invalidated(frames.decodeKey(received.keyFrame()));
        } catch (RuntimeException e) {
          LOG.warn("{}: an invalidation's key does not verify ({}): dropping everything", where, e.getMessage());
          invalidatedAll();
        }
      }
    }
  }

  private void lifecycle(LifecycleEvent event) {
    switch (event.getState()) {
      case CLIENT_DISCONNECTED, MERGING, SHUTTING_DOWN -> disconnected(event.getState().toString());
      case CLIENT_CONNECTED, MERGED -> startProbing();
      case MERGE_FAILED -> {
        LOG.warn("{}: a split-brain merge failed: dropping this node's local copies", where);
        startProbing();
      }
      default -> {
      }
    }
  }

  private synchronized void disconnected(String why) {
    if (listener == null) {
      return;
    }
    probeNonce = 0;
    if (!down) {
      down = true;
      LOG.info("{}: invalidations may be lost ({}): local copies bypassed until the cluster is back", where, why);
      listener.disconnected();
    }
  }

  /** Drops everything, unless down: then the probe that ends the outage does it. */
  private synchronized void invalidatedAll() {
    if (listener != null && !down) {
      listener.invalidatedAll();
    }
  }

  /**
   * Delivery may resume: publishes a probe every {@value #PROBE_MILLIS} ms until this bus receives one
   * (its listener registration works again), then tells the listener {@code invalidatedAll()}. The
   * listener is {@code disconnected()} meanwhile, so no invalidation sent before the probe came back
   * can be missed by a local copy that is trusted.
   */
  private synchronized void startProbing() {
    if (listener == null || closed) {
      return;
    }
    if (!down) {
      down = true;
      listener.disconnected();
    }
    long nonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    probeNonce = nonce;
    if (probing == null) {
      probing = PROBES.scheduleWithFixedDelay(this::sendProbe, 0, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void sendProbe() {
    long nonce;
    synchronized (this) {
      nonce = probeNonce;
      if (closed || nonce == 0 || !down) {
        return;
      }
    }
    try {
      topic.publishAsync(messages.probe(nonce)).whenComplete((ignored, e) -> {
        if (e != null) {
          LOG.debug("{}: probe not published: {}", where, e.toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.debug("{}: probe not published: {}", where, e.toString());
    }
  }

  private synchronized void probeReturned(long nonce) {
    if (listener == null || !down || nonce != probeNonce) {
      return;
    }
    down = false;
    probeNonce = 0;
    if (probing != null) {
      probing.cancel(false);
      probing = null;
    }
    LOG.info("{}: invalidations flow again: dropping this node's local copies", where);
    listener.invalidatedAll();
  }

  // ------------------------------------------------------------------ closing

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (probing != null) {
        probing.cancel(false);
        probing = null;
      }
      removeListeners();
      listener = null;
    }
  }

  private void removeListeners() {
    try {
      if (!instance.getLifecycleService().isRunning()) {
        return;
      }
      if (messageRegistration != null) {
        topic.removeMessageListener(messageRegistration);
      }
      if (membershipRegistration != null) {
        instance.getCluster().removeMembershipListener(membershipRegistration);
      }
      if (partitionLostRegistration != null) {
        instance.getPartitionService().removePartitionLostListener(partitionLostRegistration);
      }
      if (lifecycleRegistration != null) {
        instance.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
      }
    } catch (RuntimeException e) {
      LOG.debug("{}: could not remove the bus's listeners: {}", where, e.toString());
    }
  }
}
