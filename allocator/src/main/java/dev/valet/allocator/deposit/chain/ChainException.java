package dev.valet.allocator.deposit.chain;

/** The execution node could not be reached, or refused a call; the message says which. */
public final class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
