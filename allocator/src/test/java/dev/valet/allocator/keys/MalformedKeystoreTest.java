package dev.valet.allocator.keys;

import static dev.valet.allocator.keys.KeystoreFixtures.RANDOM;
import static dev.valet.allocator.keys.KeystoreFixtures.at;
import static dev.valet.allocator.keys.KeystoreFixtures.cheapKeystore;
import static dev.valet.allocator.keys.KeystoreFixtures.edit;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed or unsupported keystores fail with a message naming the field, never an NPE. */
class MalformedKeystoreTest {

  private static final String PASSWORD = "pool password";
  private static final String VALID = cheapKeystore(BlsSecretKey.random(RANDOM), PASSWORD);

  static Stream<Arguments> edits() {
    return Stream.of(
        invalid(r -> r.put("version", 3), "version is 3; only EIP-2335 version 4 is read"),
        invalid(r -> r.remove("version"), "version is missing"),
        invalid(r -> r.put("version", "4"), "version is not an integer in the int range"),
        invalid(r -> r.remove("crypto"), "crypto is missing"),
        invalid(r -> r.put("crypto", "scrypt"), "crypto is not a JSON object"),
        invalid(r -> at(r, "crypto").remove("kdf"), "crypto.kdf is missing"),
        invalid(r -> at(r, "crypto").remove("cipher"), "crypto.cipher is missing"),
        invalid(r -> at(r, "crypto").remove("checksum"), "crypto.checksum is missing"),
        invalid(
            r -> at(r, "crypto", "kdf").put("function", "argon2id"),
            "crypto.kdf.function is not supported; use scrypt or pbkdf2"),
        invalid(r -> at(r, "crypto", "kdf").remove("params"), "crypto.kdf.params is missing"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("dklen", 64),
            "crypto.kdf.params.dklen is 64; it must be 32"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("n", "1024"),
            "crypto.kdf.params.n is not an integer in the int range"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("n", 10_000_000_000L),
            "crypto.kdf.params.n is not an integer in the int range"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("n", 1000),
            "crypto.kdf.params are invalid: scrypt n must be a power of two above 1, got 1000"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").putNull("r"), "crypto.kdf.params.r is missing"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("salt", "xyz"),
            "crypto.kdf.params.salt is not valid hex"),
        invalid(
            r -> at(r, "crypto", "kdf", "params").put("salt", ""),
            "crypto.kdf.params are invalid: KDF salt must not be empty"),
        invalid(
            r -> at(r, "crypto", "checksum").put("function", "keccak256"),
            "crypto.checksum.function is not supported; use sha256"),
        invalid(
            r -> at(r, "crypto", "checksum").put("message", "abcd"),
            "crypto.checksum.message is 2 bytes; it must be 32 bytes"),
        invalid(
            r -> at(r, "crypto", "cipher").put("function", "aes-256-gcm"),
            "crypto.cipher.function is not supported; use aes-128-ctr"),
        invalid(
            r -> at(r, "crypto", "cipher", "params").remove("iv"),
            "crypto.cipher.params.iv is missing"),
        invalid(
            r -> at(r, "crypto", "cipher", "params").put("iv", "00".repeat(15)),
            "crypto.cipher.params.iv is 15 bytes; it must be 16 bytes"),
        invalid(
            r -> at(r, "crypto", "cipher").put("message", 42),
            "crypto.cipher.message is not a string"),
        invalid(
            r -> at(r, "crypto", "cipher").put("message", "00".repeat(48)),
            "crypto.cipher.message is 48 bytes; it must be 32 bytes"),
        invalid(
            r -> r.put("pubkey", "00".repeat(48)),
            "pubkey is not a valid BLS public key: not a compressed BLS12-381 G1 point"),
        invalid(r -> r.remove("path"), "path is missing"),
        invalid(r -> r.put("uuid", 7), "uuid is not a string"));
  }

  @ParameterizedTest
  @MethodSource("edits")
  void decryptNamesTheField(Consumer<ObjectNode> change, String message) {
    String keystore = edit(VALID, change);

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isExactlyInstanceOf(KeystoreException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @MethodSource("edits")
  void inspectNamesTheField(Consumer<ObjectNode> change, String message) {
    String keystore = edit(VALID, change);

    assertThatThrownBy(() -> Keystore.inspect(keystore))
        .isExactlyInstanceOf(KeystoreException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "[]", "\"keystore\"", "42", "null"})
  void nonObjectIsRejected(String json) {
    assertThatThrownBy(() -> Keystore.inspect(json))
        .isExactlyInstanceOf(KeystoreException.class)
        .hasMessage("keystore is not a JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"version\": 4,}",
        "{\"version\": 4} trailing",
        "{\"version\": 4, \"version\": 4}",
        "{version: 4}"
      })
  void invalidJsonIsRejectedWithItsPosition(String json) {
    assertThatThrownBy(() -> Keystore.decrypt(json, PASSWORD))
        .isExactlyInstanceOf(KeystoreException.class)
        .hasMessageStartingWith("keystore is not valid JSON (line 1, column ");
  }

  private static Arguments invalid(Consumer<ObjectNode> change, String message) {
    return arguments(named(message, change), message);
  }
}
