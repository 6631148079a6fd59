package dev.valet.allocator.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The fields of an EIP-2335 keystore that this package reads and writes, with every byte string
 * already decoded. {@link KeystoreJsonReader} builds one from JSON; {@link #toJson()} writes one.
 */
record KeystoreDocument(
    KdfParameters kdf,
    byte[] checksum,
    byte[] iv,
    byte[] ciphertext,
    Optional<BlsPublicKey> publicKey,
    String path,
    String uuid,
    String description) {

  static final int VERSION = 4;
  static final String CHECKSUM_FUNCTION = "sha256";
  static final String CIPHER_FUNCTION = "aes-128-ctr";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter PRETTY =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")));

  /** The keystore in EIP-2335's layout; {@code pubkey} is hex without "0x", as the EIP shows. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode crypto = root.putObject("crypto");
    ObjectNode kdfModule = crypto.putObject("kdf");
    kdfModule.put("function", kdf.function());
    writeKdfParams(kdfModule.putObject("params"));
    kdfModule.put("message", "");

    ObjectNode checksumModule = crypto.putObject("checksum");
    checksumModule.put("function", CHECKSUM_FUNCTION);
    checksumModule.putObject("params");
    checksumModule.put("message", Hex.withoutPrefix(checksum));

    ObjectNode cipherModule = crypto.putObject("cipher");
    cipherModule.put("function", CIPHER_FUNCTION);
    cipherModule.putObject("params").put("iv", Hex.withoutPrefix(iv));
    cipherModule.put("message", Hex.withoutPrefix(ciphertext));

    root.put("description", description);
    publicKey.ifPresent(key -> root.put("pubkey", Hex.withoutPrefix(key.toBytes())));
    root.put("path", path);
    root.put("uuid", uuid);
    root.put("version", VERSION);
    try {
      return PRETTY.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  private void writeKdfParams(ObjectNode params) {
    params.put("dklen", KdfParameters.DERIVED_KEY_LENGTH);
    switch (kdf) {
      case KdfParameters.Scrypt s -> {
        params.put("n", s.n());
        params.put("r", s.r());
        params.put("p", s.p());
      }
      case KdfParameters.Pbkdf2 p -> {
        params.put("c", p.c());
        params.put("prf", KdfParameters.Pbkdf2.PRF);
      }
    }
    params.put("salt", Hex.withoutPrefix(kdf.salt()));
  }
}
