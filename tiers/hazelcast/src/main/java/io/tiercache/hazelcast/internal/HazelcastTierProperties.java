package io.tiercache.hazelcast.internal;

import static io.tiercache.spi.TierProperties.intValue;
import static io.tiercache.spi.TierProperties.invalid;
import static io.tiercache.spi.TierProperties.millis;
import static io.tiercache.spi.TierProperties.present;
import static io.tiercache.spi.TierProperties.text;

import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.merge.ExpirationTimeMergePolicy;
import com.hazelcast.spi.merge.HigherHitsMergePolicy;
import com.hazelcast.spi.merge.LatestAccessMergePolicy;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.spi.merge.PassThroughMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import io.tiercache.config.TierSpec;
import io.tiercache.spi.TierProperties;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads and checks the properties of a {@code hazelcast} tier spec with {@link TierProperties}; every
 * error names the property.
 *
 * <ul>
 *   <li>{@code mode}: {@code member} (default: this JVM joins the cluster as an embedded member) or
 *       {@code client}.</li>
 *   <li>{@code cluster}: the cluster name (default {@value #DEFAULT_CLUSTER}).</li>
 *   <li>{@code members}: {@code host:port} addresses, a list or one text separated by commas or white
 *       space. A member joins them over TCP/IP (default: {@code 127.0.0.1}); a client connects to them
 *       (default: {@code 127.0.0.1:5701}).</li>
 *   <li>{@code port}: the port an embedded member listens on (default 5701; the next free one is taken
 *       when it is busy).</li>
 *   <li>{@code backupCount}: synchronous backups of each cache's map (default 1, 0 to 6).</li>
 *   <li>{@code lockLease}: milliseconds a {@code compute} may hold its key's lock (default 30000).</li>
 *   <li>{@code splitBrainProtection}: the minimum cluster size (default 0: none) below which the cache
 *       map refuses reads and writes ({@code SplitBrainProtectionException}, a {@code TierException} to
 *       the caller); see {@link #splitBrainProtection}.</li>
 *   <li>{@code mergePolicy}: how the cache map's entries merge when a split brain heals (default
 *       {@code putIfAbsent}: see {@link #mergePolicy}).</li>
 *   <li>{@code instance}: the name of a {@code HazelcastInstance} handed over with
 *       {@link io.tiercache.hazelcast.HazelcastTiers#register}; with it, the connection properties
 *       ({@code mode}, {@code cluster}, {@code members}, {@code port}) must be absent.</li>
 * </ul>
 */
public final class HazelcastTierProperties {

  /** The properties a {@code hazelcast} tier accepts. */
  public static final List<String> KNOWN = List.of("mode", "cluster", "members", "port", "backupCount", "lockLease",
      "instance", "connection", "splitBrainProtection", "mergePolicy");

  /** The default merge policy: after a split brain heals, the larger side's entry wins, absent ones are added. */
  public static final String DEFAULT_MERGE_POLICY = PutIfAbsentMergePolicy.class.getName();

  /** The merge policies by short name (Hazelcast's built-in ones, which every member has). */
  private static final Map<String, String> MERGE_POLICIES = Map.of(
      "putifabsent", PutIfAbsentMergePolicy.class.getName(),
      "latestupdate", LatestUpdateMergePolicy.class.getName(),
      "passthrough", PassThroughMergePolicy.class.getName(),
      "discard", DiscardMergePolicy.class.getName(),
      "higherhits", HigherHitsMergePolicy.class.getName(),
      "latestaccess", LatestAccessMergePolicy.class.getName(),
      "expirationtime", ExpirationTimeMergePolicy.class.getName());

  /** The default cluster name. */
  public static final String DEFAULT_CLUSTER = "tiercache";

  /** The default port of an embedded member. */
  public static final int DEFAULT_PORT = 5701;

  /** The default lease of a compute lock in milliseconds. */
  public static final int DEFAULT_LOCK_LEASE_MILLIS = 30_000;

  private HazelcastTierProperties() {
  }

  /** Checks every property; throws {@link IllegalArgumentException} on the first bad one. */
  public static void validate(TierSpec spec) {
    TierProperties.checkKnown(spec, KNOWN);
    settings(spec);
    backupCount(spec);
    lockLeaseMillis(spec);
    splitBrainProtection(spec);
    mergePolicy(spec);
  }

  /** How to reach the cluster. */
  static HazelcastConnections.Settings settings(TierSpec spec) {
    String instance = text(spec, "instance");
    if (instance != null) {
      for (String key : List.of("mode", "cluster", "members", "port", "splitBrainProtection")) {
        if (present(spec, key)) {
          throw new IllegalArgumentException("hazelcast tier '" + key + "' cannot go with 'instance' (the registered"
              + " instance '" + instance + "' is already configured)");
        }
      }
      return HazelcastConnections.Settings.registered(instance);
    }
    HazelcastConnections.Mode mode = mode(spec);
    String cluster = text(spec, "cluster");
    List<String> members = members(spec);
    if (mode == HazelcastConnections.Mode.CLIENT && present(spec, "port")) {
      throw new IllegalArgumentException("hazelcast tier 'port' is the port of an embedded member; mode client"
          + " connects to 'members'");
    }
    int port = mode == HazelcastConnections.Mode.MEMBER ? intValue(spec, "port", DEFAULT_PORT, 1, 65535) : 0;
    if (mode == HazelcastConnections.Mode.CLIENT && present(spec, "splitBrainProtection")) {
      throw new IllegalArgumentException("hazelcast tier 'splitBrainProtection' configures embedded members (a client"
          + " cannot add a rule to running members, and members ignore a map's rule they do not define): configure"
          + " it on the members, for the tc:* maps");
    }
    int splitBrainProtection = mode == HazelcastConnections.Mode.MEMBER ? splitBrainProtection(spec) : 0;
    return new HazelcastConnections.Settings(mode, cluster == null ? DEFAULT_CLUSTER : cluster, members, port, null,
        splitBrainProtection);
  }

  /**
   * The class name of the cache map's merge policy: a short name of one of Hazelcast's built-in policies
   * ({@code putIfAbsent} (default), {@code latestUpdate}, {@code passThrough}, {@code discard},
   * {@code higherHits}, {@code latestAccess}, {@code expirationTime}) or a class name (which every member
   * must have).
   */
  static String mergePolicy(TierSpec spec) {
    String value = text(spec, "mergePolicy");
    if (value == null) {
      return DEFAULT_MERGE_POLICY;
    }
    String known = MERGE_POLICIES.get(value.toLowerCase(Locale.ROOT).replace("mergepolicy", "").replace("-", ""));
    if (known != null) {
      return known;
    }
    if (value.matches("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)+"
        + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*")) {
      return value;
    }
    throw invalid(spec, "mergePolicy", "putIfAbsent, latestUpdate, passThrough, discard, higherHits, latestAccess,"
        + " expirationTime or a merge policy's class name", value);
  }

  /** Whether {@code policy} (a class name) merges without per-entry statistics. */
  static boolean mergePolicyWithoutStatistics(String policy) {
    return policy.equals(PutIfAbsentMergePolicy.class.getName())
        || policy.equals(PassThroughMergePolicy.class.getName())
        || policy.equals(DiscardMergePolicy.class.getName());
  }

  static boolean mergePolicyGiven(TierSpec spec) {
    return present(spec, "mergePolicy");
  }

  static int backupCount(TierSpec spec) {
    return intValue(spec, "backupCount", 1, 0, 6);
  }

  static boolean backupCountGiven(TierSpec spec) {
    return present(spec, "backupCount");
  }

  /**
   * The minimum cluster size of the cache map's split-brain protection rule, 0 for none; embedded members
   * only, as they define the rule ({@code tc-min-<size>}) when they start: a rule cannot be added to a
   * running member, and a map that names a rule its members do not define is not protected at all.
   */
  static int splitBrainProtection(TierSpec spec) {
    return intValue(spec, "splitBrainProtection", 0, 0, 1000);
  }

  static int lockLeaseMillis(TierSpec spec) {
    return millis(spec, "lockLease", DEFAULT_LOCK_LEASE_MILLIS, 100);
  }

  private static HazelcastConnections.Mode mode(TierSpec spec) {
    String value = text(spec, "mode");
    if (value == null) {
      return HazelcastConnections.Mode.MEMBER;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "member", "embedded" -> HazelcastConnections.Mode.MEMBER;
      case "client" -> HazelcastConnections.Mode.CLIENT;
      default -> throw invalid(spec, "mode", "member or client", value);
    };
  }

  /** The {@code members}: sorted, without repeats; empty when absent. */
  private static List<String> members(TierSpec spec) {
    TreeSet<String> result = new TreeSet<>();
    for (String member : TierProperties.list(spec, "members", "host:port addresses such as 10.0.0.1:5701")) {
      result.add(checkAddress(member));
    }
    return List.copyOf(result);
  }

  /** {@code host} or {@code host:port} (IPv6 in brackets), checked. */
  private static String checkAddress(String member) {
    String host = member;
    String port = null;
    if (member.startsWith("[")) {
      int close = member.indexOf(']');
      if (close < 0) {
        throw badAddress(member);
      }
      host = member.substring(0, close + 1);
      if (close + 1 < member.length()) {
        if (member.charAt(close + 1) != ':') {
          throw badAddress(member);
        }
        port = member.substring(close + 2);
      }
    } else if (member.indexOf(':') >= 0) {
      if (member.indexOf(':') != member.lastIndexOf(':')) {
        throw badAddress(member);
      }
      host = member.substring(0, member.indexOf(':'));
      port = member.substring(member.indexOf(':') + 1);
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@")) {
      throw badAddress(member);
    }
    if (port != null) {
      try {
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
          throw badAddress(member);
        }
      } catch (NumberFormatException e) {
        throw badAddress(member);
      }
    }
    return member;
  }

  private static IllegalArgumentException badAddress(String member) {
    return new IllegalArgumentException("hazelcast tier 'members' must hold host:port addresses (such as"
        + " 10.0.0.1:5701), found '" + member + "'");
  }
}
