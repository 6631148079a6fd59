package dev.valet.allocator.crypto;

/** The master key is missing, malformed, or not the one the stored data was encrypted with. */
public final class MasterKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MasterKeyException(String message) {
    super(message);
  }
}
