package dev.valet.allocator.keys;

import java.util.Objects;

/**
 * Parses EIP-2334 path text such as "m/12381/3600/0/0/0" into child indices.
 *
 * <p>Strict on purpose: one spelling per path (no spaces, signs or leading zeros), so that two
 * different strings never name the same key.
 */
final class DerivationPath {

  static final long MAX_INDEX = 0xFFFF_FFFFL;

  private static final int MAX_INDEX_DIGITS = 10;

  private DerivationPath() {}

  /**
   * The child indices after "m", in order.
   *
   * @throws IllegalArgumentException naming the first malformed component
   */
  static long[] parse(String path) {
    Objects.requireNonNull(path, "path");
    String[] components = path.split("/", -1);
    if (!components[0].equals("m")) {
      throw new IllegalArgumentException("derivation path must start with \"m\"");
    }
    long[] indices = new long[components.length - 1];
    for (int i = 1; i < components.length; i++) {
      indices[i - 1] = parseIndex(components[i], i);
    }
    return indices;
  }

  static void requireIndex(long index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException(
          "child index must be in [0, 2^32), got " + index + " (EIP-2333)");
    }
  }

  private static long parseIndex(String component, int position) {
    String where = "derivation path component " + position;
    if (component.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    if (!component.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(where + " is not a decimal number");
    }
    if (component.length() > 1 && component.charAt(0) == '0') {
      throw new IllegalArgumentException(where + " has a leading zero");
    }
    if (component.length() > MAX_INDEX_DIGITS || Long.parseLong(component) > MAX_INDEX) {
      throw new IllegalArgumentException(where + " is not below 2^32");
    }
    return Long.parseLong(component);
  }
}
