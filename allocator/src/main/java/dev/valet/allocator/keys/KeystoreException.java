package dev.valet.allocator.keys;

/**
 * An EIP-2335 keystore that cannot be read or opened: malformed or unsupported content (the message
 * names the field), KDF parameters beyond the accepted bounds, a wrong password, or a {@code
 * pubkey} that does not match the secret. Messages never contain a password or key bytes.
 */
public final class KeystoreException extends RuntimeException {

  public KeystoreException(String message) {
    super(message);
  }
}
