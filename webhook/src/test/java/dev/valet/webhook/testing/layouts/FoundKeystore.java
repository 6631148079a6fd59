package dev.valet.webhook.testing.layouts;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A keystore as a client found it, with the password the client would use for it.
 *
 * @param file where the client found the keystore
 * @param keystoreJson its content
 * @param password the password the client read for it; secret, never print it
 * @param expectedPubkey the public key the layout claims for it (a file name or a line of {@code
 *     pubkeys}), where the layout names one
 */
public record FoundKeystore(
    Path file, String keystoreJson, String password, Optional<String> expectedPubkey) {
  @Override
  public String toString() {
    return "FoundKeystore[" + file + "]";
  }
}
