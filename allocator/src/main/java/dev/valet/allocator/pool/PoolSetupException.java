package dev.valet.allocator.pool;

/** A pool cannot be opened as configured; the message names the setting and what to do. */
public final class PoolSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PoolSetupException(String message) {
    super(message);
  }
}
