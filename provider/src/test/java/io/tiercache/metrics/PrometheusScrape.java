package io.tiercache.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text scrape, looked up by name and labels. */
final class PrometheusScrape {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {
  }

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  PrometheusScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line.trim());
      if (!sample.matches()) {
        throw new IllegalArgumentException("Not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
  }

  /** The samples named {@code name} whose labels include {@code labels} (name, value, name, value...). */
  List<Sample> find(String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name) && hasLabels(sample, labels)) {
        found.add(sample);
      }
    }
    return found;
  }

  /** The value of the one sample named {@code name} with {@code labels}; fails unless exactly one matches. */
  double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError("Expected one sample " + name + " " + List.of(labels) + ", found " + found
          + " in\n" + text);
    }
    return found.get(0).value();
  }

  /** Whether any sample carries the label {@code name} with {@code value}. */
  boolean anyWithLabel(String name, String value) {
    return samples.stream().anyMatch(sample -> value.equals(sample.labels().get(name)));
  }

  private static boolean hasLabels(Sample sample, String[] labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
