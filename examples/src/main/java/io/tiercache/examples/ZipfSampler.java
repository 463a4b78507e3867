package io.tiercache.examples;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0 .. n-1} with Zipf probabilities: rank {@code r} has probability proportional
 * to {@code 1 / (r + 1)^exponent}, so rank 0 is the most popular. Exponent 0 is uniform; around 1 is
 * the skew of real key popularity (a few hot keys, a long tail).
 *
 * <p>The cumulative distribution is computed once ({@code 8 * n} bytes); a draw is one uniform number
 * and a binary search over it. Immutable and thread-safe: each thread passes its own random source.
 */
public final class ZipfSampler {

  private final double exponent;
  private final double[] cdf;

  /**
   * @param n the number of ranks, at least 1
   * @param exponent the skew, 0 (uniform) or more
   */
  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent must be a finite number >= 0: " + exponent);
    }
    this.exponent = exponent;
    this.cdf = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += weight(rank);
      cdf[rank] = sum;
    }
    for (int rank = 0; rank < n; rank++) {
      cdf[rank] /= sum;
    }
    cdf[n - 1] = 1.0; // no draw may fall past the end through rounding
  }

  private double weight(int rank) {
    return 1.0 / Math.pow(rank + 1.0, exponent);
  }

  /** The number of ranks. */
  public int size() {
    return cdf.length;
  }

  /** The skew exponent. */
  public double exponent() {
    return exponent;
  }

  /** The probability of drawing {@code rank}. */
  public double probability(int rank) {
    if (rank < 0 || rank >= cdf.length) {
      throw new IndexOutOfBoundsException(rank);
    }
    return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
  }

  /** The probability that a draw is one of the {@code topRanks} most popular ranks. */
  public double cumulativeProbability(int topRanks) {
    if (topRanks <= 0) {
      return 0;
    }
    return cdf[Math.min(topRanks, cdf.length) - 1];
  }

  /** One draw: a rank in {@code [0, size())}. */
  public int sample(SplittableRandom random) {
    double u = random.nextDouble(); // [0, 1)
    // the first rank whose cumulative probability exceeds u
    int index = Arrays.binarySearch(cdf, u);
    int rank = index >= 0 ? index + 1 : -index - 1;
    // u equal to cdf[i] (index >= 0) belongs to rank i + 1; skip ranks of probability 0 the same way
    while (rank < cdf.length - 1 && cdf[rank] <= u) {
      rank++;
    }
    return Math.min(rank, cdf.length - 1);
  }
}
