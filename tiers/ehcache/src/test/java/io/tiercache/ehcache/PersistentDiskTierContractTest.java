package io.tiercache.ehcache;

import io.tiercache.config.Tiers;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The tier contract on a persistent {@code disk} tier. */
class PersistentDiskTierContractTest extends TierContractTest {

  @TempDir
  Path directory;

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new DiskTierFactory().create(Tiers.disk(directory.toString(), "8MB", true), context);
  }
}
