package dev.valet.allocator.admin;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, oldest or newest first as the list defines.
 *
 * @param items the items of this page, at most the limit asked for
 * @param next the cursor of the next page; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page made of the rows read with one row more than the limit: that extra row only says a
   * next page exists, and the cursor names the last item kept.
   */
  static <T> Page<T> of(
      List<T> rowsPlusOne, int limit, java.util.function.Function<T, String> cursor) {
    if (rowsPlusOne.size() <= limit) {
      return new Page<>(rowsPlusOne, Optional.empty());
    }
    List<T> kept = rowsPlusOne.subList(0, limit);
    return new Page<>(kept, Optional.of(cursor.apply(kept.getLast())));
  }
}
