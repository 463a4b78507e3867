package io.tiercache.ehcache.internal;

import io.tiercache.spi.TierException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.CachePersistenceException;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.TierStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ehcache cache in a CacheManager of its own, and how to close it.
 *
 * <ul>
 *   <li>Off-heap: a plain CacheManager; closing it frees the memory.</li>
 *   <li>Disk: a PersistentCacheManager rooted at {@code <path>/<cache directory name>}, one root per
 *       cache, because Ehcache locks its root directory for one manager: caches that share a
 *       configured path (every cache built from the same defaults) each get a directory of their own,
 *       and two processes or managers opening the same cache on the same path fail with a clear
 *       error instead of corrupting each other.</li>
 *   <li>Persistent disk: {@link #close()} closes (never destroys) the manager; Ehcache marks the root
 *       clean and the next open finds every entry. After an unclean stop (kill, crash) Ehcache finds no
 *       clean mark and deletes the data when it opens: a persistent tier survives restarts, not
 *       crashes.</li>
 *   <li>Non-persistent disk: whatever a previous run left is destroyed before opening; Ehcache deletes
 *       the data on close, and {@link #close()} then removes the clean mark and the directories left
 *       empty. Nothing else under the configured path is ever deleted.</li>
 * </ul>
 */
final class EhcacheStore {

  private static final Logger LOG = LoggerFactory.getLogger(EhcacheStore.class);

  private static final String CLEAN_MARK = ".clean";

  private final CacheManager manager;
  private final Cache<ByteKey, Record> cache;
  private final TierStatistics statistics;
  private final Path removeWhenEmpty;

  private EhcacheStore(CacheManager manager, Cache<ByteKey, Record> cache, TierStatistics statistics,
      Path removeWhenEmpty) {
    this.manager = manager;
    this.cache = cache;
    this.statistics = statistics;
    this.removeWhenEmpty = removeWhenEmpty;
  }

  static EhcacheStore offHeap(String alias, CacheConfiguration<ByteKey, Record> configuration, String where) {
    DefaultStatisticsService statistics = new DefaultStatisticsService();
    CacheManager manager;
    try {
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .using(statistics)
          .withClassLoader(EhcacheStore.class.getClassLoader())
          .withCache(alias, configuration)
          .build(true);
    } catch (RuntimeException e) {
      throw new TierException(where + ": cannot start Ehcache: " + rootMessage(e), e);
    }
    return new EhcacheStore(manager, manager.getCache(alias, ByteKey.class, Record.class),
        tierStatistics(statistics, alias, "OffHeap"), null);
  }

  static EhcacheStore disk(Path root, String alias, CacheConfiguration<ByteKey, Record> configuration,
      boolean persistent, String where) {
    DefaultStatisticsService statistics = new DefaultStatisticsService();
    PersistentCacheManager manager;
    boolean unclean;
    try {
      createPrivately(root);
      unclean = persistent && !isEmpty(root) && !Files.exists(root.resolve(CLEAN_MARK));
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .with(CacheManagerBuilder.persistence(root.toFile()))
          .using(statistics)
          .withClassLoader(EhcacheStore.class.getClassLoader())
          .withCache(alias, configuration)
          .build(false);
      if (!persistent && !isEmpty(root)) {
        manager.destroy();
      }
      manager.init();
      if (unclean) {
        LOG.warn("{}: was not closed cleanly (process killed or crashed?); Ehcache discarded its entries", where);
      }
    } catch (IOException | CachePersistenceException | RuntimeException e) {
      throw new TierException(where + ": cannot open the disk store in " + root + ": " + rootMessage(e), e);
    }
    return new EhcacheStore(manager, manager.getCache(alias, ByteKey.class, Record.class),
        tierStatistics(statistics, alias, "Disk"), persistent ? null : root);
  }

  Cache<ByteKey, Record> cache() {
    return cache;
  }

  /** The number of mappings Ehcache counts, or -1 if its statistics are not available. */
  long mappings() {
    return statistics == null ? -1 : statistics.getMappings();
  }

  void close() {
    try {
      manager.close();
    } catch (RuntimeException e) {
      throw new TierException("cannot close Ehcache: " + rootMessage(e), e);
    }
    if (removeWhenEmpty != null) {
      removeLeftovers(removeWhenEmpty);
    }
  }

  /** Removes the clean mark and the empty directories under {@code root}, then {@code root} if empty. */
  private static void removeLeftovers(Path root) {
    try {
      Files.deleteIfExists(root.resolve(CLEAN_MARK));
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
            .filter(Files::isDirectory)
            .forEach(EhcacheStore::deleteIfEmpty);
      }
    } catch (IOException e) {
      // leftovers of a non-persistent tier are harmless: the next open destroys them
    }
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (DirectoryNotEmptyException e) {
      // not ours to delete
    } catch (IOException e) {
      // harmless, see removeLeftovers
    }
  }

  /**
   * Creates {@code root} readable by this user only (where the file system has POSIX permissions): a
   * non-persistent tier decodes its bytes without an allowlist, so no one else may write them.
   */
  private static void createPrivately(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      return;
    }
    Path parent = root.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(root);
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  private static TierStatistics tierStatistics(DefaultStatisticsService statistics, String alias, String tier) {
    try {
      return statistics.getCacheStatistics(alias).getTierStatistics().get(tier);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Ehcache wraps failures a few levels deep; the deepest message says what happened. */
  static String rootMessage(Throwable e) {
    String message = e.toString();
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return message;
  }
}
