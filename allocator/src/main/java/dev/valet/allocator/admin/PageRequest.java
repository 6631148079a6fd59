package dev.valet.allocator.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a list to read.
 *
 * @param limit how many items at most, from 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link Page#next()} of the page before; empty for the first page
 */
public record PageRequest(int limit, Optional<String> cursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public PageRequest {
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }
}
