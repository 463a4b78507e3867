package io.tiercache.cdi;

/** Exceptions the test beans throw, by name. */
final class Failures {

  private Failures() {}

  static Exception of(String kind) {
    return switch (kind) {
      case "state" -> new IllegalStateException("state");
      case "argument" -> new IllegalArgumentException("argument");
      case "number" -> new NumberFormatException("number");
      default -> throw new AssertionError(kind);
    };
  }
}
