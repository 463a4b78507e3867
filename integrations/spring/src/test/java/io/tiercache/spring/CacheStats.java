package io.tiercache.spring;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Reads a cache's JCache statistics the way monitoring does: its CacheStatistics MXBean. */
final class CacheStats {

  private CacheStats() {
  }

  static CacheStatisticsMXBean of(Cache<?, ?> cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      Set<ObjectName> names = server.queryNames(
          new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache.getName() + ",*"), null);
      if (names.size() != 1) {
        throw new IllegalStateException("expected one statistics MXBean for cache " + cache.getName()
            + ", found " + names);
      }
      return JMX.newMXBeanProxy(server, names.iterator().next(), CacheStatisticsMXBean.class);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
