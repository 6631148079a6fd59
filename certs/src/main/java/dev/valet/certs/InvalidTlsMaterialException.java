package dev.valet.certs;

/**
 * Certificates, keys or stored TLS material that cannot be used as they are.
 *
 * <p>The message names the source (a Secret key or a file) and what is wrong with it. It never
 * contains key material, so it is safe to log and to show an operator.
 */
public class InvalidTlsMaterialException extends IllegalArgumentException {

  public InvalidTlsMaterialException(String message) {
    super(message);
  }

  public InvalidTlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
