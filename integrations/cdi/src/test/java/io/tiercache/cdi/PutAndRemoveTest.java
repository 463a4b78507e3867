package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PutAndRemoveTest {

  private static final DefaultCacheKey SKU = DefaultCacheKey.of("sku-1");

  private WeldContainer container;
  private Inventory inventory;

  @BeforeEach
  void start() {
    Containers.destroyCaches();
    container = Containers.start(Inventory.class);
    inventory = container.select(Inventory.class).get();
  }

  @AfterEach
  void stop() {
    container.close();
  }

  @Test
  void cachePutStoresTheCacheValueUnderTheOtherParametersAndCacheResultReadsIt() {
    inventory.store("sku-1", "put item");

    assertThat(cache().get(SKU)).isEqualTo("put item");
    assertThat(inventory.item("sku-1")).isEqualTo("put item");
    assertThat(inventory.reads()).isZero();
  }

  @Test
  void cachePutAfterInvocationStoresOnlyWhenTheMethodReturns() {
    assertThat(inventory.storeReturning("sku-1", "v1", null)).isEqualTo("stored");
    assertThat(cache().get(SKU)).isEqualTo("v1");

    assertThatThrownBy(() -> inventory.storeReturning("sku-1", "v2", "state"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> inventory.storeReturning("sku-1", "v3", "argument"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache().get(SKU)).isEqualTo("v1");
  }

  @Test
  void cacheForNamesTheExceptionsAfterWhichTheValueIsStored() {
    assertThatThrownBy(() -> inventory.storeFor("sku-1", "v1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().containsKey(SKU)).isFalse();
    assertThatThrownBy(() -> inventory.storeFor("sku-1", "v2", "number"))
        .isInstanceOf(NumberFormatException.class);
    assertThat(cache().get(SKU)).isEqualTo("v2");
  }

  @Test
  void noCacheForAloneStoresAfterEveryOtherException() {
    assertThatThrownBy(() -> inventory.storeUnless("sku-1", "v1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().containsKey(SKU)).isFalse();
    assertThatThrownBy(() -> inventory.storeUnless("sku-1", "v2", "argument"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache().get(SKU)).isEqualTo("v2");
  }

  @Test
  void cachePutBeforeInvocationHasStoredWhenTheMethodThrows() {
    assertThatThrownBy(() -> inventory.storeFirst("sku-1", "v1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().get(SKU)).isEqualTo("v1");
  }

  @Test
  void aNullCacheValueRemovesTheEntry() {
    inventory.store("sku-1", "v1");
    inventory.store("sku-1", null);
    assertThat(cache().containsKey(SKU)).isFalse();
  }

  @Test
  void cacheRemoveRemovesTheKeyWhenTheMethodReturnsAndNotWhenItThrows() {
    inventory.store("sku-1", "v1");
    inventory.store("sku-2", "v2");
    assertThatThrownBy(() -> inventory.remove("sku-1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().get(SKU)).isEqualTo("v1");

    inventory.remove("sku-1", null);
    assertThat(cache().containsKey(SKU)).isFalse();
    assertThat(cache().get(DefaultCacheKey.of("sku-2"))).isEqualTo("v2");
  }

  @Test
  void evictForAndNoEvictForDecideWhichExceptionsStillRemove() {
    inventory.store("sku-1", "v1");
    assertThatThrownBy(() -> inventory.removeFor("sku-1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().containsKey(SKU)).isTrue();
    assertThatThrownBy(() -> inventory.removeFor("sku-1", "argument")).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache().containsKey(SKU)).isFalse();

    inventory.store("sku-1", "v2");
    assertThatThrownBy(() -> inventory.removeUnless("sku-1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().containsKey(SKU)).isTrue();
    assertThatThrownBy(() -> inventory.removeUnless("sku-1", "argument"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache().containsKey(SKU)).isFalse();
  }

  @Test
  void cacheRemoveBeforeInvocationHasRemovedWhenTheMethodThrows() {
    inventory.store("sku-1", "v1");
    assertThatThrownBy(() -> inventory.removeFirst("sku-1", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(cache().containsKey(SKU)).isFalse();
  }

  @Test
  void cacheRemoveAllEmptiesTheCacheWhenTheMethodReturns() {
    inventory.store("sku-1", "v1");
    inventory.store("sku-2", "v2");
    assertThatThrownBy(() -> inventory.clear("state")).isInstanceOf(IllegalStateException.class);
    assertThat(CacheResultTest.entries(cache())).hasSize(2);

    inventory.clear(null);
    assertThat(CacheResultTest.entries(cache())).isEmpty();
  }

  @Test
  void cacheRemoveAllFollowsEvictForAndNoEvictFor() {
    inventory.store("sku-1", "v1");
    assertThatThrownBy(() -> inventory.clearFor("state")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> inventory.clearFor("number")).isInstanceOf(NumberFormatException.class);
    assertThat(CacheResultTest.entries(cache())).hasSize(1);

    assertThatThrownBy(() -> inventory.clearFor("argument")).isInstanceOf(IllegalArgumentException.class);
    assertThat(CacheResultTest.entries(cache())).isEmpty();
  }

  @Test
  void cacheRemoveAllBeforeInvocationHasEmptiedWhenTheMethodThrows() {
    inventory.store("sku-1", "v1");
    assertThatThrownBy(() -> inventory.clearFirst("state")).isInstanceOf(IllegalStateException.class);
    assertThat(CacheResultTest.entries(cache())).isEmpty();
  }

  @Test
  void aMethodLevelCacheNameOverridesCacheDefaults() {
    inventory.store("sku-1", "v1");
    inventory.clearElsewhere();

    assertThat(cache().get(SKU)).isEqualTo("v1");
    assertThat(Containers.defaultManager().getCache("elsewhere")).isNotNull();
  }

  private static Cache<Object, Object> cache() {
    return Containers.defaultManager().getCache("inventory");
  }
}
