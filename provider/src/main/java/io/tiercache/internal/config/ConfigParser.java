package io.tiercache.internal.config;

import io.tiercache.config.TierFailurePolicy;
import io.tiercache.config.TierSpec;
import io.tiercache.spi.TierFactory;
import java.io.Reader;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import io.tiercache.codec.Codec;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one configuration file from SnakeYAML's node tree, so that every error can name its line.
 * No Java object is ever constructed from the YAML: only scalars, lists and maps are read.
 */
final class ConfigParser {

  static final List<String> ROOT_KEYS = List.of("connections", "defaults", "templates", "caches");
  static final List<String> CACHE_KEYS = List.of("tiers", "expiry", "readThrough", "loader", "writeThrough",
      "writer", "statistics", "management", "storeByValue", "keyType", "valueType", "serialization",
      "onTierFailure", "loadLease");
  static final List<String> LOAD_LEASE_KEYS = List.of("lease", "wait");
  static final List<String> TEMPLATE_KEYS;
  static final List<String> EXPIRY_KEYS = List.of("created", "updated", "accessed", "eternal");
  static final List<String> SERIALIZATION_KEYS = List.of("allow", "codec");

  static {
    List<String> keys = new ArrayList<>();
    keys.add("match");
    keys.addAll(CACHE_KEYS);
    TEMPLATE_KEYS = List.copyOf(keys);
  }

  /** The known kinds, fastest first: a tier may not come after a slower one. */
  private static final Map<String, Integer> SPEED_RANK =
      Map.of("heap", 0, "offheap", 1, "disk", 2, "redis", 3, "hazelcast", 3);
  /** The known kinds that are shared between JVMs. */
  private static final Set<String> SHARED_KINDS = Set.of("redis", "hazelcast");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern HEX = Pattern.compile("[-+]?0x[0-9a-fA-F]+");
  private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP);
  private static final int MAX_DEPTH = 32;

  private final String source;
  private final ClassLoader classLoader;
  private final Variables variables;
  private final Resolver resolver = new Resolver();
  private Map<String, TierFactory> factories;
  private Map<String, Connection> connections = Map.of();

  ConfigParser(String source, ClassLoader classLoader, Variables variables) {
    this.source = source;
    this.classLoader = classLoader;
    this.variables = variables;
  }

  /** One key of a mapping: the key's node, its value's node and its path. */
  private record Entry(String key, Node keyNode, Node value, String path) {
  }

  TiercacheConfig parse(Reader reader) {
    Node root = compose(reader);
    if (isNull(root)) {
      return new TiercacheConfig(source, true, Map.of(), null, List.of(), Map.of());
    }
    Map<String, Entry> top = mapping(root, "", ROOT_KEYS,
        "a mapping with the keys " + String.join(", ", ROOT_KEYS));
    Entry connectionsEntry = top.get("connections");
    if (connectionsEntry != null) {
      connections = parseConnections(connectionsEntry);
    }
    CacheDefinition defaults = null;
    Entry defaultsEntry = top.get("defaults");
    if (defaultsEntry != null) {
      defaults = parseDefinition(mapping(defaultsEntry.value, defaultsEntry.path, CACHE_KEYS, cacheMappingExpected()),
          defaultsEntry.path, null);
    }
    List<CacheTemplate> templates = new ArrayList<>();
    Entry templatesEntry = top.get("templates");
    if (templatesEntry != null) {
      List<Node> items = sequence(templatesEntry.value, templatesEntry.path,
          "a list of templates such as [ { match: \"com.example.*\", tiers: [ heap ] } ]");
      for (int i = 0; i < items.size(); i++) {
        templates.add(parseTemplate(items.get(i), templatesEntry.path + "[" + i + "]", defaults));
      }
    }
    Map<String, CacheDefinition> caches = new LinkedHashMap<>();
    Entry cachesEntry = top.get("caches");
    if (cachesEntry != null) {
      Map<String, Entry> named = mapping(cachesEntry.value, cachesEntry.path, null,
          "a mapping from cache name to settings, such as { orders: { tiers: [ heap ] } }");
      for (Entry cache : named.values()) {
        caches.put(cache.key, parseDefinition(mapping(cache.value, cache.path, CACHE_KEYS, cacheMappingExpected()),
            cache.path, defaults));
      }
    }
    return new TiercacheConfig(source, true, connections, defaults, templates, caches);
  }

  private Node compose(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setMergeOnCompose(true);
    try {
      return new Yaml(new SafeConstructor(options)).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      StringBuilder problem = new StringBuilder("invalid YAML: ");
      if (e.getContext() != null) {
        problem.append(e.getContext()).append(", ");
      }
      problem.append(Objects.toString(e.getProblem(), "syntax error").trim());
      if (mark != null) {
        problem.append(", column ").append(mark.getColumn() + 1);
      }
      throw new ConfigException(source, mark == null ? 0 : mark.getLine() + 1, "", problem.toString(), e);
    } catch (YAMLException e) {
      throw new ConfigException(source, 0, "", "invalid YAML: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- sections

  private Map<String, Connection> parseConnections(Entry entry) {
    Map<String, Connection> result = new LinkedHashMap<>();
    Map<String, Entry> named = mapping(entry.value, entry.path, null,
        "a mapping from connection name to connection, such as { main: { redis: { address: ... } } }");
    for (Entry connection : named.values()) {
      String expected = "a mapping with exactly one connection kind, such as { redis: { address: ... } }";
      Map<String, Entry> kinds = mapping(connection.value, connection.path, null, expected);
      if (kinds.size() != 1) {
        throw fail(connection.value, connection.path, "expected " + expected + ", found "
            + (kinds.isEmpty() ? "none" : kinds.size() + " keys " + kinds.keySet()));
      }
      Entry kind = kinds.values().iterator().next();
      Map<String, Object> properties = new LinkedHashMap<>();
      for (Entry property : mapping(kind.value, kind.path, null,
          "a mapping of " + kind.key + " connection properties").values()) {
        Object value = generic(property.value, property.path, 0);
        if (value != null) {
          properties.put(property.key, value);
        }
      }
      result.put(connection.key, new Connection(connection.key, kind.key, properties));
    }
    return result;
  }

  private CacheTemplate parseTemplate(Node node, String path, CacheDefinition defaults) {
    Map<String, Entry> entries = mapping(node, path, TEMPLATE_KEYS,
        "a mapping with 'match' and cache settings, such as { match: \"com.example.*\", tiers: [ heap ] }");
    Entry match = entries.get("match");
    if (match == null) {
      throw fail(node, path, "a template needs 'match', a cache name pattern such as \"com.example.*\" or"
          + " \"*-region\" (* stands for any characters)");
    }
    String glob = text(match, "a cache name pattern such as \"com.example.*\"");
    if (glob.isEmpty()) {
      throw fail(match.value, match.path, "expected a cache name pattern such as \"com.example.*\", found nothing");
    }
    entries.remove("match");
    return new CacheTemplate(glob, parseDefinition(entries, path, defaults));
  }

  private CacheDefinition parseDefinition(Map<String, Entry> entries, String path, CacheDefinition defaults) {
    CacheDefinition.Builder builder = new CacheDefinition.Builder(path, classLoader);
    for (Entry entry : entries.values()) {
      switch (entry.key) {
        case "tiers" -> builder.tiers = parseTiers(entry);
        case "expiry" -> builder.expiryPolicyFactory = parseExpiry(entry);
        case "readThrough" -> builder.readThrough = bool(entry);
        case "writeThrough" -> builder.writeThrough = bool(entry);
        case "statistics" -> builder.statistics = bool(entry);
        case "management" -> builder.management = bool(entry);
        case "storeByValue" -> builder.storeByValue = bool(entry);
        case "loader" -> builder.loaderClassName = implementation(entry, CacheLoader.class);
        case "writer" -> builder.writerClassName = implementation(entry, CacheWriter.class);
        case "keyType" -> builder.keyType = type(entry);
        case "valueType" -> builder.valueType = type(entry);
        case "serialization" -> parseSerialization(entry, builder);
        case "onTierFailure" -> builder.onTierFailure = parseTierFailure(entry);
        case "loadLease" -> parseLoadLease(entry, builder);
        default -> throw new IllegalStateException("unhandled key " + entry.key);
      }
    }
    CacheDefinition definition = builder.build().withDefaults(defaults);
    requireIntegration(entries.get("readThrough"), definition.loaderClassName().isPresent(), "readThrough",
        "loader", CacheLoader.class);
    requireIntegration(entries.get("writeThrough"), definition.writerClassName().isPresent(), "writeThrough",
        "writer", CacheWriter.class);
    return definition;
  }

  private void requireIntegration(Entry flag, boolean present, String flagKey, String classKey, Class<?> type) {
    if (flag != null && Boolean.TRUE.equals(scalar(flag.value, flag.path)) && !present) {
      throw fail(flag.value, flag.path, flagKey + ": true needs '" + classKey + "', the name of a class that"
          + " implements " + type.getName() + " (declared here or in defaults)");
    }
  }

  private List<TierSpec> parseTiers(Entry entry) {
    List<Node> items = sequence(entry.value, entry.path,
        "a list of tiers, fastest first, such as [ { heap: { entries: 10000 } }, { offheap: { size: 256MB } } ]");
    if (items.isEmpty()) {
      throw fail(entry.value, entry.path, "a cache needs at least one tier, but the list is empty (the last"
          + " tier is the authority: it holds every entry of the cache)");
    }
    List<TierSpec> specs = new ArrayList<>();
    List<Node> kindNodes = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = entry.path + "[" + i + "]";
      String expected = "a tier: a kind such as heap, or a single-key mapping { kind: { properties } }"
          + " such as { heap: { entries: 10000 } }";
      Node kindNode;
      String kind;
      Node propertiesNode = null;
      if (item instanceof ScalarNode && !isNull(item)) {
        kindNode = item;
        kind = text(item, itemPath, expected);
      } else if (item instanceof MappingNode) {
        Map<String, Entry> single = mapping(item, itemPath, null, expected);
        if (single.size() != 1) {
          throw fail(item, itemPath, "expected " + expected + ", found " + single.size() + " keys " + single.keySet()
              + (single.isEmpty() ? "" : " (one list entry per tier: - { heap: ... } then - { offheap: ... })"));
        }
        Entry kindEntry = single.values().iterator().next();
        kindNode = kindEntry.keyNode;
        kind = kindEntry.key;
        propertiesNode = kindEntry.value;
      } else {
        throw fail(item, itemPath, "expected " + expected + ", found " + describe(item));
      }
      TierFactory factory = factories().get(kind);
      if (factory == null) {
        throw fail(kindNode, itemPath, "unknown tier kind '" + kind + "'" + didYouMean(kind, factories().keySet())
            + "; available: " + String.join(", ", factories().keySet()) + " (a tier kind needs its tiercache module"
            + " on the class path: tiercache-ehcache for offheap and disk, tiercache-redisson for redis,"
            + " tiercache-hazelcast for hazelcast)");
      }
      int previous = kindsBefore(specs, kind);
      if (previous >= 0) {
        throw fail(kindNode, itemPath, "tier kind '" + kind + "' appears twice (also at " + paths.get(previous)
            + "): a cache has at most one tier of each kind");
      }
      String kindPath = itemPath + "." + kind;
      Map<String, Entry> properties = mapping(propertiesNode, kindPath, null,
          "a mapping of " + kind + " tier properties, such as { entries: 10000 } or { size: 256MB }");
      Map<String, Object> values = new LinkedHashMap<>();
      for (Entry property : properties.values()) {
        Object value = generic(property.value, property.path, 0);
        if (value == null) {
          continue;
        }
        if (property.key.equals("size")) {
          checkSize(property, value);
        } else if (property.key.equals("connection")) {
          checkConnection(property, value);
        }
        values.put(property.key, value);
      }
      TierSpec spec = TierSpec.of(kind, values);
      try {
        factory.validate(spec);
      } catch (IllegalArgumentException e) {
        Entry culprit = properties.values().stream()
            .filter(p -> e.getMessage() != null && e.getMessage().contains("'" + p.key + "'"))
            .findFirst().orElse(null);
        String problem = "invalid " + kind + " tier: " + e.getMessage();
        throw culprit != null ? fail(culprit.value, culprit.path, problem) : fail(kindNode, kindPath, problem);
      }
      specs.add(spec);
      kindNodes.add(kindNode);
      paths.add(itemPath);
    }
    checkOrder(specs, kindNodes, paths);
    return specs;
  }

  private static int kindsBefore(List<TierSpec> specs, String kind) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).kind().equals(kind)) {
        return i;
      }
    }
    return -1;
  }

  private void checkOrder(List<TierSpec> specs, List<Node> nodes, List<String> paths) {
    for (int i = 0; i < specs.size(); i++) {
      String kind = specs.get(i).kind();
      if (kind.equals("heap") && i > 0) {
        throw fail(nodes.get(i), paths.get(i), "'heap' must be the first tier: tiers go fastest first and heap is"
            + " the fastest (here it comes after '" + specs.get(i - 1).kind() + "')");
      }
    }
    for (int i = 0; i < specs.size(); i++) {
      TierSpec spec = specs.get(i);
      Object persistent = spec.properties().get("persistent");
      if (spec.kind().equals("disk") && (Boolean.TRUE.equals(persistent) || "true".equals(persistent))) {
        for (int j = i + 1; j < specs.size(); j++) {
          String next = specs.get(j).kind();
          if (!SHARED_KINDS.contains(next)) {
            throw fail(nodes.get(i), paths.get(i), "a persistent disk tier must be the last tier (the authority) or"
                + " be followed by shared tiers (redis, hazelcast) only, but '" + next + "' (" + paths.get(j)
                + ") follows it: the disk keeps its entries across a restart, the local tier '" + next
                + "' behind it does not, so after a restart the authority would no longer hold every entry the"
                + " cache holds");
          }
        }
      }
    }
    for (int i = 1; i < specs.size(); i++) {
      Integer rank = SPEED_RANK.get(specs.get(i).kind());
      for (int j = 0; j < i && rank != null; j++) {
        Integer before = SPEED_RANK.get(specs.get(j).kind());
        if (before != null && before > rank) {
          throw fail(nodes.get(i), paths.get(i), "tiers go fastest first and the authority (the slowest, which"
              + " holds every entry) last: '" + specs.get(i).kind() + "' cannot come after '" + specs.get(j).kind()
              + "' (the order is heap, offheap, disk, then the shared tiers redis and hazelcast)");
        }
      }
    }
  }

  private void checkSize(Entry property, Object value) {
    boolean valid = value instanceof Long bytes ? bytes >= 0 : value instanceof String text && ConfigValues.isSize(text);
    if (!valid) {
      throw fail(property.value, property.path, "bad size '" + value + "': expected " + ConfigValues.SIZE_FORMAT);
    }
  }

  private void checkConnection(Entry property, Object value) {
    if (!(value instanceof String name)) {
      throw fail(property.value, property.path, "expected the name of a connection, found " + describe(property.value));
    }
    if (!connections.containsKey(name)) {
      throw fail(property.value, property.path, "unknown connection '" + name + "'"
          + didYouMean(name, connections.keySet()) + "; "
          + (connections.isEmpty() ? "no connections are declared (add them under 'connections')"
              : "declared connections: " + String.join(", ", connections.keySet())));
    }
  }

  private Factory<? extends ExpiryPolicy> parseExpiry(Entry entry) {
    String expected = "a mapping such as { created: 10m } with created, updated, accessed (durations) or"
        + " eternal: true";
    Map<String, Entry> entries = mapping(entry.value, entry.path, EXPIRY_KEYS, expected);
    if (entries.isEmpty()) {
      throw fail(entry.value, entry.path, "expected " + expected + ", found nothing");
    }
    Entry eternal = entries.get("eternal");
    if (eternal != null) {
      if (!bool(eternal)) {
        throw fail(eternal.value, eternal.path, "eternal: false means nothing: omit it, or give created,"
            + " updated or accessed durations");
      }
      if (entries.size() > 1) {
        throw fail(eternal.keyNode, eternal.path, "eternal: true cannot be combined with created, updated or"
            + " accessed");
      }
      return EternalExpiryPolicy.factoryOf();
    }
    Duration created = duration(entries.get("created"));
    Duration updated = duration(entries.get("updated"));
    Duration accessed = duration(entries.get("accessed"));
    // created alone: CreatedExpiryPolicy; updated alone: ModifiedExpiryPolicy (creation counts as an update);
    // accessed alone: AccessedExpiryPolicy (creation counts as an access); all the same: TouchedExpiryPolicy.
    Duration creation = created != null ? created : updated != null ? updated : accessed;
    if (updated == null && accessed == null) {
      return CreatedExpiryPolicy.factoryOf(creation);
    }
    if (creation.equals(updated) && accessed == null) {
      return ModifiedExpiryPolicy.factoryOf(creation);
    }
    if (updated == null && creation.equals(accessed)) {
      return AccessedExpiryPolicy.factoryOf(creation);
    }
    if (creation.equals(updated) && creation.equals(accessed)) {
      return TouchedExpiryPolicy.factoryOf(creation);
    }
    return FactoryBuilder.factoryOf(new DeclaredExpiryPolicy(creation, updated, accessed));
  }

  private void parseLoadLease(Entry entry, CacheDefinition.Builder builder) {
    Map<String, Entry> entries = mapping(entry.value, entry.path, LOAD_LEASE_KEYS,
        "a mapping such as { lease: 10s, wait: 2s }");
    Duration lease = duration(entries.get("lease"));
    if (lease == null || lease.isZero() || lease.isEternal()) {
      throw fail(entry.value, entry.path + ".lease", "a load lease needs a lease time such as 10s");
    }
    Duration wait = duration(entries.get("wait"));
    builder.loadLeaseMillis = lease.getTimeUnit().toMillis(lease.getDurationAmount());
    builder.loadWaitMillis = wait == null ? builder.loadLeaseMillis : wait.getTimeUnit().toMillis(wait.getDurationAmount());
  }

  private Duration duration(Entry entry) {
    if (entry == null) {
      return null;
    }
    Object value = scalar(entry.value, entry.path);
    try {
      if (value instanceof Long seconds) {
        return ConfigValues.seconds(seconds);
      }
      if (value instanceof String text) {
        return ConfigValues.parseDuration(text);
      }
    } catch (IllegalArgumentException e) {
      throw fail(entry.value, entry.path, "bad duration: " + e.getMessage());
    }
    throw fail(entry.value, entry.path, "bad duration " + describe(entry.value) + ": expected "
        + ConfigValues.DURATION_FORMAT);
  }

  private void parseSerialization(Entry entry, CacheDefinition.Builder builder) {
    Map<String, Entry> entries = mapping(entry.value, entry.path, SERIALIZATION_KEYS,
        "a mapping such as { allow: [ \"com.example.**\", \"java.util.*\" ], codec: com.example.MyCodec }");
    Entry codec = entries.get("codec");
    if (codec != null) {
      builder.codecClassName = implementation(codec, Codec.class);
    }
    Entry allow = entries.get("allow");
    if (allow != null) {
      builder.serializationAllowlist = parseAllowlist(allow);
    }
  }

  private List<String> parseAllowlist(Entry allow) {
    String expected = "a list of class patterns such as [ \"com.example.Order\", \"com.example.*\","
        + " \"com.example.**\" ]";
    List<String> patterns = new ArrayList<>();
    List<Node> items = sequence(allow.value, allow.path, expected);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = allow.path + "[" + i + "]";
      String pattern = text(items.get(i), itemPath, "a class pattern");
      if (!ConfigValues.isClassPattern(pattern)) {
        throw fail(items.get(i), itemPath, "bad class pattern '" + pattern + "': expected a class name"
            + " (com.example.Order), a package (com.example.*) or a package with its sub-packages (com.example.**)");
      }
      patterns.add(pattern);
    }
    return patterns;
  }

  private TierFailurePolicy parseTierFailure(Entry entry) {
    String text = text(entry, "degrade or fail");
    for (TierFailurePolicy policy : TierFailurePolicy.values()) {
      if (policy.configName().equalsIgnoreCase(text)) {
        return policy;
      }
    }
    throw fail(entry.value, entry.path, "expected degrade or fail, found '" + text + "'");
  }

  private String implementation(Entry entry, Class<?> type) {
    String role = entry.key;
    Class<?> clazz = loadClass(entry, role);
    String problem = null;
    if (!type.isAssignableFrom(clazz)) {
      problem = "does not implement " + type.getName();
    } else if (clazz.isInterface() || Modifier.isAbstract(clazz.getModifiers())) {
      problem = "is abstract: expected a concrete class with a public no-argument constructor";
    } else if (!Modifier.isPublic(clazz.getModifiers())) {
      problem = "is not public: expected a public class with a public no-argument constructor";
    } else {
      try {
        clazz.getConstructor();
      } catch (NoSuchMethodException e) {
        problem = "has no public no-argument constructor";
      }
    }
    if (problem != null) {
      throw fail(entry.value, entry.path, role + " class '" + clazz.getName() + "' " + problem);
    }
    return clazz.getName();
  }

  private Class<?> type(Entry entry) {
    return loadClass(entry, entry.key);
  }

  private Class<?> loadClass(Entry entry, String role) {
    String name = text(entry, "a fully qualified class name such as com.example.Order");
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw fail(entry.value, entry.path, role + " class '" + name + "' not found by the cache manager's class loader"
          + " (expected a fully qualified class name such as com.example.Order)");
    }
  }

  // ---------------------------------------------------------------- nodes

  private Map<String, Entry> mapping(Node node, String path, Collection<String> allowed, String expected) {
    Map<String, Entry> result = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return result;
    }
    if (!(node instanceof MappingNode mapping)) {
      throw fail(node, path, "expected " + expected + ", found " + describe(node));
    }
    checkTag(node, path, Tag.MAP);
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey) || isNull(keyNode)) {
        throw fail(keyNode, path, "expected a plain key, found " + describe(keyNode));
      }
      String key = scalarKey.getValue();
      String keyPath = child(path, key);
      Entry first = result.get(key);
      if (first != null) {
        throw fail(keyNode, keyPath, "duplicate key '" + key + "' (first at line " + line(first.keyNode) + ")");
      }
      if (allowed != null && !allowed.contains(key)) {
        throw fail(keyNode, keyPath, "unknown key '" + key + "'" + didYouMean(key, allowed) + "; allowed "
            + (path.isEmpty() ? "at the top level" : "here") + ": " + String.join(", ", allowed));
      }
      result.put(key, new Entry(key, keyNode, tuple.getValueNode(), keyPath));
    }
    return result;
  }

  private List<Node> sequence(Node node, String path, String expected) {
    if (!(node instanceof SequenceNode sequence)) {
      throw fail(node, path, "expected " + expected + ", found " + describe(node));
    }
    checkTag(node, path, Tag.SEQ);
    return sequence.getValue();
  }

  /** A scalar as Long, Boolean, String or null, variables substituted. */
  private Object scalar(Node node, String path) {
    if (!(node instanceof ScalarNode scalar)) {
      throw fail(node, path, "expected a single value, found " + describe(node));
    }
    if (!SCALAR_TAGS.contains(node.getTag())) {
      throw fail(node, path, "unsupported YAML tag " + node.getTag() + ": only plain values are accepted");
    }
    String raw = scalar.getValue();
    String text;
    try {
      text = variables.substitute(raw);
    } catch (IllegalArgumentException e) {
      throw fail(node, path, e.getMessage());
    }
    Tag tag = node.getTag();
    if (!text.equals(raw) && scalar.isPlain()) {
      tag = resolver.resolve(NodeId.scalar, text, true);
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      String lower = text.toLowerCase(Locale.ROOT);
      return lower.equals("true") || lower.equals("yes") || lower.equals("on");
    }
    if (tag.equals(Tag.INT)) {
      String digits = text.replace("_", "");
      try {
        if (DECIMAL.matcher(digits).matches()) {
          return Long.parseLong(digits);
        }
        if (HEX.matcher(digits).matches()) {
          boolean negative = digits.startsWith("-");
          long value = Long.parseLong(digits.substring(digits.indexOf('x') + 1), 16);
          return negative ? -value : value;
        }
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }

  /** A scalar, list or mapping as Long, Boolean, String, List or Map; null for an empty value. */
  private Object generic(Node node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw fail(node, path, "nested too deeply (a recursive alias?)");
    }
    if (node instanceof SequenceNode) {
      List<Object> list = new ArrayList<>();
      List<Node> items = sequence(node, path, "a list");
      for (int i = 0; i < items.size(); i++) {
        list.add(generic(items.get(i), path + "[" + i + "]", depth + 1));
      }
      return List.copyOf(list.stream().filter(Objects::nonNull).toList());
    }
    if (node instanceof MappingNode) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Entry entry : mapping(node, path, null, "a mapping").values()) {
        Object value = generic(entry.value, entry.path, depth + 1);
        if (value != null) {
          map.put(entry.key, value);
        }
      }
      return java.util.Collections.unmodifiableMap(map);
    }
    return scalar(node, path);
  }

  private boolean bool(Entry entry) {
    Object value = scalar(entry.value, entry.path);
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw fail(entry.value, entry.path, "expected true or false, found " + describe(entry.value));
  }

  private String text(Entry entry, String expected) {
    return text(entry.value, entry.path, expected);
  }

  private String text(Node node, String path, String expected) {
    if (!(node instanceof ScalarNode) || isNull(node)) {
      throw fail(node, path, "expected " + expected + ", found " + describe(node));
    }
    Object value = scalar(node, path);
    if (value == null) {
      throw fail(node, path, "expected " + expected + ", found nothing");
    }
    if (value instanceof Boolean) {
      return variables.substitute(((ScalarNode) node).getValue()).trim();
    }
    return value.toString().trim();
  }

  private void checkTag(Node node, String path, Tag expected) {
    if (!node.getTag().equals(expected)) {
      throw fail(node, path, "unsupported YAML tag " + node.getTag() + ": only plain values, lists and mappings are"
          + " accepted");
    }
  }

  private static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
  }

  private static String describe(Node node) {
    if (node == null || isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static String cacheMappingExpected() {
    return "a mapping of cache settings (" + String.join(", ", CACHE_KEYS) + ")";
  }

  private Map<String, TierFactory> factories() {
    if (factories == null) {
      Map<String, TierFactory> found = new TreeMap<>();
      loadFactories(ServiceLoader.load(TierFactory.class, classLoader), found);
      loadFactories(ServiceLoader.load(TierFactory.class, ConfigParser.class.getClassLoader()), found);
      factories = found;
    }
    return factories;
  }

  private void loadFactories(ServiceLoader<TierFactory> loader, Map<String, TierFactory> found) {
    try {
      for (TierFactory factory : loader) {
        found.putIfAbsent(factory.kind(), factory);
      }
    } catch (ServiceConfigurationError e) {
      throw new ConfigException(source, 0, "", "cannot load the tier factories: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- messages

  static String child(String path, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "['" + key.replace("'", "\\'") + "']";
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private ConfigException fail(Node node, String path, String problem) {
    return new ConfigException(source, line(node), path, problem);
  }

  static String didYouMean(String given, Collection<String> options) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String option : options) {
      int distance = option.equalsIgnoreCase(given) ? 0
          : distance(given.toLowerCase(Locale.ROOT), option.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = option;
        bestDistance = distance;
      }
    }
    int limit = Math.min(3, Math.max(1, given.length() / 3));
    return best != null && bestDistance <= limit ? " (did you mean '" + best + "'?)" : "";
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
