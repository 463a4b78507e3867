package io.tiercache.internal.stats;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Registers the JCache MXBeans under the names the spec gives them, in the platform MBean server. */
public final class JmxRegistrar {

  /** The two JCache MXBean kinds. */
  public enum Kind {
    CacheConfiguration, CacheStatistics
  }

  private JmxRegistrar() {
  }

  /** {@code javax.cache:type=<kind>,CacheManager=<uri>,Cache=<name>}, with unsafe characters replaced. */
  public static ObjectName objectName(Kind kind, String cacheManagerUri, String cacheName) {
    try {
      return new ObjectName("javax.cache:type=" + kind + ",CacheManager=" + safe(cacheManagerUri)
          + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cannot name the MBean of cache " + cacheName, e);
    }
  }

  private static String safe(String value) {
    return value == null ? "" : value.replaceAll("[:=,\n]", ".");
  }

  /** Registers {@code bean} under {@code name}, replacing nothing that is already there. */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently by the same cache: fine
    } catch (Exception e) {
      throw new CacheException("Cannot register MBean " + name, e);
    }
  }

  /** Unregisters {@code name} if it is registered. */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // already gone
    } catch (Exception e) {
      throw new CacheException("Cannot unregister MBean " + name, e);
    }
  }
}
