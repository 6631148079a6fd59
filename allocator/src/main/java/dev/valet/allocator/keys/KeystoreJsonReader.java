package dev.valet.allocator.keys;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads EIP-2335 keystore JSON into a {@link KeystoreDocument}. Each problem is reported as a
 * {@link KeystoreException} naming the field by its JSON path, such as "crypto.cipher.params.iv".
 */
final class KeystoreJsonReader {

  private static final int IV_LENGTH = 16;
  private static final int CHECKSUM_LENGTH = 32;
  private static final int CIPHERTEXT_LENGTH = Bls12381.SECRET_KEY_LENGTH;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private KeystoreJsonReader() {}

  static KeystoreDocument read(String keystoreJson) {
    Objects.requireNonNull(keystoreJson, "keystoreJson");
    JsonNode root = parse(keystoreJson);
    if (!root.isObject()) {
      throw new KeystoreException("keystore is not a JSON object");
    }

    int version = integer(root, "version", "version");
    if (version != KeystoreDocument.VERSION) {
      throw new KeystoreException("version is " + version + "; only EIP-2335 version 4 is read");
    }

    JsonNode crypto = object(root, "crypto", "crypto");
    KdfParameters kdf = kdf(object(crypto, "kdf", "crypto.kdf"));
    byte[] checksum = checksum(object(crypto, "checksum", "crypto.checksum"));
    JsonNode cipher = object(crypto, "cipher", "crypto.cipher");
    requireFunction(cipher, "crypto.cipher.function", KeystoreDocument.CIPHER_FUNCTION);
    JsonNode cipherParams = object(cipher, "params", "crypto.cipher.params");
    byte[] iv = hex(cipherParams, "iv", "crypto.cipher.params.iv", IV_LENGTH);
    byte[] ciphertext = hex(cipher, "message", "crypto.cipher.message", CIPHERTEXT_LENGTH);

    return new KeystoreDocument(
        kdf,
        checksum,
        iv,
        ciphertext,
        publicKey(root),
        text(root, "path", "path"),
        text(root, "uuid", "uuid"),
        root.has("description") ? text(root, "description", "description") : "");
  }

  private static JsonNode parse(String keystoreJson) {
    try {
      return JSON.readTree(keystoreJson);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the input, so only its position is passed on.
      JsonLocation where = e.getLocation();
      String position =
          where == null
              ? ""
              : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
      throw new KeystoreException("keystore is not valid JSON" + position);
    }
  }

  private static KdfParameters kdf(JsonNode module) {
    String function = text(module, "function", "crypto.kdf.function");
    JsonNode params = object(module, "params", "crypto.kdf.params");
    int dklen = integer(params, "dklen", "crypto.kdf.params.dklen");
    if (dklen != KdfParameters.DERIVED_KEY_LENGTH) {
      throw new KeystoreException("crypto.kdf.params.dklen is " + dklen + "; it must be 32");
    }
    byte[] salt = hex(params, "salt", "crypto.kdf.params.salt", -1);
    try {
      return switch (function) {
        case "scrypt" ->
            new KdfParameters.Scrypt(
                integer(params, "n", "crypto.kdf.params.n"),
                integer(params, "r", "crypto.kdf.params.r"),
                integer(params, "p", "crypto.kdf.params.p"),
                salt);
        case "pbkdf2" -> {
          String prf = text(params, "prf", "crypto.kdf.params.prf");
          if (!prf.equals(KdfParameters.Pbkdf2.PRF)) {
            throw new KeystoreException("crypto.kdf.params.prf is not supported; use hmac-sha256");
          }
          yield new KdfParameters.Pbkdf2(integer(params, "c", "crypto.kdf.params.c"), salt);
        }
        default ->
            throw new KeystoreException(
                "crypto.kdf.function is not supported; use scrypt or pbkdf2");
      };
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("crypto.kdf.params are invalid: " + e.getMessage());
    }
  }

  private static byte[] checksum(JsonNode module) {
    requireFunction(module, "crypto.checksum.function", KeystoreDocument.CHECKSUM_FUNCTION);
    return hex(module, "message", "crypto.checksum.message", CHECKSUM_LENGTH);
  }

  private static Optional<BlsPublicKey> publicKey(JsonNode root) {
    if (!root.has("pubkey")) {
      return Optional.empty();
    }
    String hex = text(root, "pubkey", "pubkey");
    try {
      return Optional.of(BlsPublicKey.fromHex(hex));
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("pubkey is not a valid BLS public key: " + e.getMessage());
    }
  }

  private static void requireFunction(JsonNode module, String field, String expected) {
    if (!text(module, "function", field).equals(expected)) {
      throw new KeystoreException(field + " is not supported; use " + expected);
    }
  }

  private static JsonNode object(JsonNode parent, String name, String field) {
    JsonNode node = present(parent, name, field);
    if (!node.isObject()) {
      throw new KeystoreException(field + " is not a JSON object");
    }
    return node;
  }

  private static String text(JsonNode parent, String name, String field) {
    JsonNode node = present(parent, name, field);
    if (!node.isTextual()) {
      throw new KeystoreException(field + " is not a string");
    }
    return node.textValue();
  }

  private static int integer(JsonNode parent, String name, String field) {
    JsonNode node = present(parent, name, field);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new KeystoreException(field + " is not an integer in the int range");
    }
    return node.intValue();
  }

  /** Decodes a hex string; {@code length} -1 accepts any non-empty length. */
  private static byte[] hex(JsonNode parent, String name, String field, int length) {
    byte[] bytes;
    try {
      bytes = Hex.decode(text(parent, name, field), field);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(e.getMessage());
    }
    if (length >= 0 && bytes.length != length) {
      throw new KeystoreException(
          field + " is " + bytes.length + " bytes; it must be " + length + " bytes");
    }
    return bytes;
  }

  private static JsonNode present(JsonNode parent, String name, String field) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new KeystoreException(field + " is missing");
    }
    return node;
  }
}
