package dev.valet.allocator.pool;

/** Keys cannot be imported as asked; nothing was imported. The message says why. */
public final class ImportRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImportRefusedException(String message) {
    super(message);
  }
}
