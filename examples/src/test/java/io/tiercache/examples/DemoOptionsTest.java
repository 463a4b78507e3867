package io.tiercache.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaults() {
    DemoOptions options = DemoOptions.defaults();
    assertThat(options.ops()).isEqualTo(200_000);
    assertThat(options.keys()).isEqualTo(100_000);
    assertThat(options.threads()).isEqualTo(4);
    assertThat(options.heapEntries()).isEqualTo(10_000);
    assertThat(options.loaderLatencyMicros()).isEqualTo(500);
    assertThat(options.zipfExponent()).isEqualTo(1.0);
    assertThat(options.tiers()).containsExactly("heap", "offheap", "disk");
    assertThat(options.diskPath()).isNull();
    assertThat(options.help()).isFalse();
  }

  @Test
  void valuesFollowTheOptionOrAnEqualsSign() {
    DemoOptions options = DemoOptions.parse("--ops=5_000", "--keys", "20,000", "--threads", "2",
        "--zipf-exponent", "0.8", "--tiers", "heap, offheap,disk", "--disk-path", "cache-data",
        "--offheap-size", "128mb");
    assertThat(options.ops()).isEqualTo(5_000);
    assertThat(options.keys()).isEqualTo(20_000);
    assertThat(options.heapEntries()).isEqualTo(2_000); // 10% of the keys
    assertThat(options.threads()).isEqualTo(2);
    assertThat(options.zipfExponent()).isEqualTo(0.8);
    assertThat(options.tiers()).containsExactly("heap", "offheap", "disk");
    assertThat(options.diskPath()).isEqualTo(Path.of("cache-data"));
    assertThat(options.offHeapSize()).isEqualTo("128MB");
  }

  @Test
  void theTierListMapsToTierSpecs() {
    DemoOptions options = DemoOptions.parse("--tiers", "heap,offheap,disk", "--heap-entries", "500");
    var specs = Demo.tiers(options, Path.of("data"));
    assertThat(specs).extracting(spec -> spec.kind()).containsExactly("heap", "offheap", "disk");
    assertThat(specs.get(0).properties()).containsEntry("entries", 500L);
    assertThat(specs.get(1).properties()).containsEntry("size", "4MB");
    assertThat(specs.get(2).properties())
        .containsEntry("size", "256MB").containsEntry("persistent", false).containsEntry("path", "data");
  }

  @Test
  void badCommandLinesAreRefusedWithAReason() {
    for (List<String> args : List.of(
        List.of("--ops", "0"), List.of("--ops", "x"), List.of("--keys", "20000000"), List.of("--threads"),
        List.of("--tiers", "heap,redis"), List.of("--tiers", "heap,heap"), List.of("--tiers", ""),
        List.of("--offheap-size", "lots"), List.of("--zipf-exponent", "-1"), List.of("--help=yes"),
        List.of("--nope"), List.of("ops"))) {
      assertThatThrownBy(() -> DemoOptions.parse(args.toArray(String[]::new)))
          .as(args.toString())
          .isInstanceOf(DemoOptions.UsageException.class)
          .hasMessageNotContaining("null");
    }
  }
}
