package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.MutableKey;
import io.tiercache.testing.MutableValue;
import io.tiercache.testing.NotSerializable;
import io.tiercache.testing.RecordingListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * Store-by-value (the JCache default) isolates callers from the cache: nothing a caller does to an
 * object after handing it over, or after getting it back, changes what the cache holds.
 */
class StoreByValueTest extends JCacheTestSupport {

  private <K, V> Cache<K, V> byValue(Class<K> keyType, Class<V> valueType) {
    return createCache(new MutableConfiguration<K, V>().setTypes(keyType, valueType));
  }

  private <K, V> Cache<K, V> byReference(Class<K> keyType, Class<V> valueType) {
    return createCache(new MutableConfiguration<K, V>().setTypes(keyType, valueType).setStoreByValue(false));
  }

  private static ArrayList<String> listOf(String... items) {
    return new ArrayList<>(List.of(items));
  }

  // ------------------------------------------------------------------ values

  @Test
  void mutatingAValueAfterPutDoesNotChangeTheCachedCopy() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<String, ArrayList<String>> cache = (Cache) byValue(String.class, ArrayList.class);
    ArrayList<String> list = listOf("a");
    cache.put("k", list);

    list.add("mutated");

    assertThat(cache.get("k")).containsExactly("a");
  }

  @Test
  void mutatingAValueAfterGetDoesNotChangeTheCachedCopy() {
    Cache<String, MutableValue> cache = byValue(String.class, MutableValue.class);
    cache.put("k", new MutableValue("original"));

    MutableValue read = cache.get("k");
    read.text("mutated");

    assertThat(cache.get("k").text()).isEqualTo("original");
    assertThat(cache.get("k")).isNotSameAs(cache.get("k"));
  }

  @Test
  void everyWayInCopiesTheValue() {
    Cache<Integer, MutableValue> cache = byValue(Integer.class, MutableValue.class);
    MutableValue viaPutIfAbsent = new MutableValue("pia");
    MutableValue viaGetAndPut = new MutableValue("gap");
    MutableValue viaPutAll = new MutableValue("all");
    MutableValue viaReplace = new MutableValue("replace");
    MutableValue viaInvoke = new MutableValue("invoke");
    cache.putIfAbsent(1, viaPutIfAbsent);
    cache.getAndPut(2, viaGetAndPut);
    cache.putAll(Map.of(3, viaPutAll));
    cache.put(4, new MutableValue("before"));
    cache.replace(4, viaReplace);
    cache.invoke(5, (entry, args) -> {
      entry.setValue(viaInvoke);
      return null;
    });

    for (MutableValue value : List.of(viaPutIfAbsent, viaGetAndPut, viaPutAll, viaReplace, viaInvoke)) {
      value.text("mutated");
    }

    assertThat(cache.get(1).text()).isEqualTo("pia");
    assertThat(cache.get(2).text()).isEqualTo("gap");
    assertThat(cache.get(3).text()).isEqualTo("all");
    assertThat(cache.get(4).text()).isEqualTo("replace");
    assertThat(cache.get(5).text()).isEqualTo("invoke");
  }

  @Test
  void everyWayOutCopiesTheValue() {
    Cache<Integer, MutableValue> cache = byValue(Integer.class, MutableValue.class);
    for (int key = 1; key <= 5; key++) {
      cache.put(key, new MutableValue("v" + key));
    }

    cache.getAll(Set.of(1)).get(1).text("mutated");
    cache.getAndPut(2, new MutableValue("v2")).text("mutated");
    cache.getAndReplace(3, new MutableValue("v3")).text("mutated");
    cache.iterator().forEachRemaining(entry -> entry.getValue().text("mutated"));
    cache.invoke(5, (entry, args) -> {
      entry.getValue().text("mutated in place, never set");
      return null;
    });

    for (int key = 1; key <= 5; key++) {
      assertThat(cache.get(key).text()).as("key %d", key).isEqualTo("v" + key);
    }
  }

  @Test
  void aValueReturnedByTheLoaderIsCopiedIntoTheCache() {
    MutableValue shared = new MutableValue("loaded");
    Cache<Integer, MutableValue> cache = createCache(new MutableConfiguration<Integer, MutableValue>()
        .setTypes(Integer.class, MutableValue.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new SharedValueLoader(shared))));

    MutableValue first = cache.get(1);
    first.text("mutated by the caller");
    shared.text("mutated by the loader's owner");

    assertThat(cache.get(1).text()).isEqualTo("loaded");
  }

  @Test
  void aListenerMutatingItsEventValueDoesNotChangeTheCache() {
    Cache<Integer, MutableValue> cache = byValue(Integer.class, MutableValue.class);
    RecordingListener<Integer, MutableValue> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));
    cache.put(1, new MutableValue("v"));

    ((MutableValue) listener.events().get(0).value()).text("mutated by a listener");

    assertThat(cache.get(1).text()).isEqualTo("v");
  }

  // ------------------------------------------------------------------ store-by-reference and immutables

  @Test
  void storeByReferenceHandsBackTheSameInstance() {
    Cache<String, MutableValue> cache = byReference(String.class, MutableValue.class);
    MutableValue value = new MutableValue("v");
    cache.put("k", value);

    assertThat(cache.get("k")).isSameAs(value);
    value.text("mutated");
    assertThat(cache.get("k").text()).isEqualTo("mutated");
  }

  @Test
  void storeByReferenceAcceptsValuesThatCannotBeSerialized() {
    Cache<String, NotSerializable> cache = byReference(String.class, NotSerializable.class);
    NotSerializable value = new NotSerializable("v");

    cache.put("k", value);

    assertThat(cache.get("k")).isSameAs(value);
  }

  @Test
  void wellKnownImmutableValuesAreNotCopied() {
    Cache<String, Object> cache = byValue(String.class, Object.class);
    String text = new String("immutable".toCharArray());
    Long number = 1234567890123L;
    cache.put("s", text);
    cache.put("l", number);

    assertThat(cache.get("s")).isSameAs(text);
    assertThat(cache.get("l")).isSameAs(number);
  }

  // ------------------------------------------------------------------ values that cannot be copied

  @Test
  void aValueThatCannotBeSerializedIsRefusedClearlyAndNothingIsStored() {
    Cache<String, Object> cache = byValue(String.class, Object.class);

    assertThatThrownBy(() -> cache.put("k", new NotSerializable("v")))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class)
        .hasMessageContaining(NotSerializable.class.getName());

    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.iterator().hasNext()).isFalse();
  }

  @Test
  void aValueThatCannotBeSerializedIsRefusedByEveryWrite() {
    Cache<String, Object> cache = byValue(String.class, Object.class);
    cache.put("present", "v");

    assertThatThrownBy(() -> cache.putIfAbsent("k", new NotSerializable("v")))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.getAndPut("k", new NotSerializable("v")))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.putAll(Map.of("k", new NotSerializable("v"))))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.replace("present", new NotSerializable("v")))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.invoke("k", (entry, args) -> {
      entry.setValue(new NotSerializable("v"));
      return null;
    })).isInstanceOfAny(CacheException.class, IllegalArgumentException.class);

    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.get("present")).isEqualTo("v");
  }

  @Test
  void aKeyThatCannotBeSerializedIsRefusedAndNothingIsStored() {
    Cache<Object, String> cache = byValue(Object.class, String.class);

    assertThatThrownBy(() -> cache.put(new NotSerializable("k"), "v"))
        .isInstanceOfAny(CacheException.class, IllegalArgumentException.class)
        .hasMessageContaining(NotSerializable.class.getName());

    assertThat(cache.iterator().hasNext()).isFalse();
  }

  // ------------------------------------------------------------------ keys

  @Test
  void mutatingAKeyAfterPutDoesNotBreakLookups() {
    Cache<MutableKey, String> cache = byValue(MutableKey.class, String.class);
    MutableKey key = new MutableKey(1);
    cache.put(key, "v");

    key.id(2);

    assertThat(cache.get(new MutableKey(1))).isEqualTo("v");
    assertThat(cache.containsKey(new MutableKey(2))).isFalse();
  }

  @Test
  void mutatingAKeyAfterAnyWriteDoesNotBreakLookups() {
    Cache<MutableKey, String> cache = byValue(MutableKey.class, String.class);
    MutableKey viaPutIfAbsent = new MutableKey(1);
    MutableKey viaGetAndPut = new MutableKey(2);
    MutableKey viaPutAll = new MutableKey(3);
    MutableKey viaInvoke = new MutableKey(4);
    cache.putIfAbsent(viaPutIfAbsent, "1");
    cache.getAndPut(viaGetAndPut, "2");
    cache.putAll(Map.of(viaPutAll, "3"));
    cache.invoke(viaInvoke, (entry, args) -> {
      entry.setValue("4");
      return null;
    });

    for (MutableKey key : List.of(viaPutIfAbsent, viaGetAndPut, viaPutAll, viaInvoke)) {
      key.id(100);
    }

    assertThat(cache.get(new MutableKey(1))).as("putIfAbsent").isEqualTo("1");
    assertThat(cache.get(new MutableKey(2))).as("getAndPut").isEqualTo("2");
    assertThat(cache.get(new MutableKey(3))).as("putAll").isEqualTo("3");
    assertThat(cache.get(new MutableKey(4))).as("invoke").isEqualTo("4");
  }

  @Test
  void mutatingAKeyAfterAReadThroughLoadDoesNotBreakLookups() {
    Cache<MutableKey, String> cache = createCache(new MutableConfiguration<MutableKey, String>()
        .setTypes(MutableKey.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new ConstantLoader())));
    MutableKey key = new MutableKey(1);
    assertThat(cache.get(key)).isEqualTo("loaded");

    key.id(2);

    assertThat(cache.containsKey(new MutableKey(1))).isTrue();
    assertThat(cache.containsKey(new MutableKey(2))).isFalse();
  }

  @Test
  void mutatingAKeyHandedOutByTheIteratorDoesNotBreakLookups() {
    Cache<MutableKey, String> cache = byValue(MutableKey.class, String.class);
    cache.put(new MutableKey(1), "v");

    Iterator<Cache.Entry<MutableKey, String>> iterator = cache.iterator();
    iterator.next().getKey().id(2);

    assertThat(cache.get(new MutableKey(1))).isEqualTo("v");
    assertThat(cache.containsKey(new MutableKey(2))).isFalse();
  }

  @Test
  void mutatingAKeyHandedToAListenerDoesNotBreakLookups() {
    Cache<MutableKey, String> cache = byValue(MutableKey.class, String.class);
    RecordingListener<MutableKey, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(listener, false, true));
    cache.put(new MutableKey(1), "v");

    ((MutableKey) listener.events().get(0).key()).id(2);

    assertThat(cache.get(new MutableKey(1))).isEqualTo("v");
  }

  /** Loads the same mutable instance every time. */
  static final class SharedValueLoader implements CacheLoader<Integer, MutableValue>, Serializable {
    private static final long serialVersionUID = 1L;
    private final MutableValue shared;

    SharedValueLoader(MutableValue shared) {
      this.shared = shared;
    }

    @Override
    public MutableValue load(Integer key) {
      return shared;
    }

    @Override
    public Map<Integer, MutableValue> loadAll(Iterable<? extends Integer> keys) {
      throw new UnsupportedOperationException();
    }
  }

  /** Loads {@code loaded} for every key. */
  static final class ConstantLoader implements CacheLoader<MutableKey, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(MutableKey key) {
      return "loaded";
    }

    @Override
    public Map<MutableKey, String> loadAll(Iterable<? extends MutableKey> keys) {
      throw new UnsupportedOperationException();
    }
  }
}
