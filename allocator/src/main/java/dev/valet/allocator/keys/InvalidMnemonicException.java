package dev.valet.allocator.keys;

/**
 * A mnemonic that is not a valid BIP-39 English mnemonic. The message says what is wrong and at
 * which word position; it never quotes the mnemonic's words.
 */
public final class InvalidMnemonicException extends IllegalArgumentException {

  public InvalidMnemonicException(String message) {
    super(message);
  }
}
