package dev.valet.allocator.admin;

/** A cursor that no page of this list gave out. */
public final class InvalidCursorException extends IllegalArgumentException {
  public InvalidCursorException(String list) {
    super("cursor is not one that a page of " + list + " gave; start again without a cursor");
  }
}
