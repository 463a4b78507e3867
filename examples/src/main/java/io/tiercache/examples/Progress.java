package io.tiercache.examples;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Shows how far the workload is. On a terminal: one bar redrawn in place with {@code \r}. Otherwise
 * (output redirected to a file, a pipe, a CI log): one line per 10% so the log stays readable.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  private final long total;
  private final long startNanos;
  private int lastDecile;
  private int lastWidth;

  Progress(PrintStream out, boolean interactive, long total) {
    this.out = out;
    this.interactive = interactive;
    this.total = total;
    this.startNanos = System.nanoTime();
  }

  /**
   * Whether {@code out} is the process's standard output and that is a terminal. From Java 22 on
   * {@link System#console()} exists even when redirected, so {@code Console.isTerminal()} is asked when
   * the runtime has it.
   */
  static boolean isTerminal(PrintStream out) {
    if (out != System.out) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console means a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Shows {@code done} of the total; cheap enough to call every ~100 ms. */
  void update(long done) {
    if (interactive) {
      draw(done, false);
    } else {
      int decile = (int) Math.min(10, done * 10 / Math.max(1, total));
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        out.println(line(done));
        out.flush();
      }
    }
  }

  /** Shows the final state and ends the line. */
  void finish(long done) {
    if (interactive) {
      draw(done, true);
    } else {
      out.println(line(done));
    }
    out.flush();
  }

  private void draw(long done, boolean last) {
    double fraction = fraction(done);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String text = "\r[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + line(done);
    int width = text.length();
    if (width < lastWidth) {
      text += " ".repeat(lastWidth - width); // wipe what a longer previous line left behind
    }
    lastWidth = width;
    out.print(text);
    if (last) {
      out.println();
    }
    out.flush();
  }

  private String line(long done) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    return String.format(Locale.ROOT, "%3.0f%%  %,d / %,d gets  %,.0f gets/s  %.1f s",
        fraction(done) * 100, done, total, rate, seconds);
  }

  private double fraction(long done) {
    return total == 0 ? 1 : Math.min(1.0, (double) done / total);
  }
}
