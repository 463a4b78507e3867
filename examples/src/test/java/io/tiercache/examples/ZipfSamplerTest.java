package io.tiercache.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

  @Test
  void probabilitiesFollowOneOverRankToTheExponent() {
    int n = 1000;
    ZipfSampler sampler = new ZipfSampler(n, 1.0);
    double harmonic = 0;
    for (int k = 1; k <= n; k++) {
      harmonic += 1.0 / k;
    }
    assertThat(sampler.probability(0)).isCloseTo(1 / harmonic, offset(1e-12));
    assertThat(sampler.probability(9)).isCloseTo(1 / (10 * harmonic), offset(1e-12));
    assertThat(sampler.cumulativeProbability(n)).isEqualTo(1.0);
    assertThat(sampler.cumulativeProbability(0)).isZero();
  }

  @Test
  void drawsMatchTheDistribution() {
    int n = 10_000;
    ZipfSampler sampler = new ZipfSampler(n, 1.0);
    SplittableRandom random = new SplittableRandom(1);
    int draws = 400_000;
    int[] counts = new int[n];
    for (int i = 0; i < draws; i++) {
      int rank = sampler.sample(random);
      assertThat(rank).isBetween(0, n - 1);
      counts[rank]++;
    }
    for (int rank : new int[] {0, 1, 9}) {
      double expected = sampler.probability(rank);
      double observed = (double) counts[rank] / draws;
      // within 5 standard deviations of a binomial count
      double sigma = Math.sqrt(expected * (1 - expected) / draws);
      assertThat(observed).as("rank %d", rank).isCloseTo(expected, offset(5 * sigma));
    }
    int top1000 = 0;
    for (int rank = 0; rank < 1000; rank++) {
      top1000 += counts[rank];
    }
    assertThat((double) top1000 / draws).isCloseTo(sampler.cumulativeProbability(1000), offset(0.01));
  }

  @Test
  void exponentZeroIsUniform() {
    ZipfSampler sampler = new ZipfSampler(4, 0);
    for (int rank = 0; rank < 4; rank++) {
      assertThat(sampler.probability(rank)).isCloseTo(0.25, offset(1e-12));
    }
    SplittableRandom random = new SplittableRandom(3);
    int[] counts = new int[4];
    for (int i = 0; i < 40_000; i++) {
      counts[sampler.sample(random)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void oneRankIsAlwaysDrawn() {
    ZipfSampler sampler = new ZipfSampler(1, 1.2);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 1000; i++) {
      assertThat(sampler.sample(random)).isZero();
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new ZipfSampler(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfSampler(10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfSampler(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
