package dev.valet.allocator.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Shared keystore inputs: EIP-2335's published vectors and cheap KDF parameters for tests. */
final class KeystoreFixtures {

  /** EIP-2335 "Test Cases": password of both vectors. */
  static final String EIP_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";

  /** EIP-2335 "Test Cases": secret of both vectors. */
  static final String EIP_SECRET =
      "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";

  static final String EIP_PUBLIC_KEY =
      "0x9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27"
          + "f4ae4040902382ae2910c15e2b420d07";

  static final SecureRandom RANDOM = new SecureRandom();

  private static final ObjectMapper JSON = new ObjectMapper();

  private KeystoreFixtures() {}

  /** A test resource beside this class, such as "eip2335-scrypt.json". */
  static String resource(String name) {
    try (InputStream in = KeystoreFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BlsSecretKey eipSecret() {
    return BlsSecretKey.fromBytes(HexFormat.of().parseHex(EIP_SECRET));
  }

  /** scrypt at n=2^10: a millisecond-scale KDF for tests only. */
  static KdfParameters cheapScrypt() {
    return new KdfParameters.Scrypt(1 << 10, 8, 1, randomSalt());
  }

  /** PBKDF2 at c=2^10: a millisecond-scale KDF for tests only. */
  static KdfParameters cheapPbkdf2() {
    return new KdfParameters.Pbkdf2(1 << 10, randomSalt());
  }

  static byte[] randomSalt() {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** A fresh random key in a cheap scrypt keystore under {@code password}. */
  static String cheapKeystore(BlsSecretKey secret, String password) {
    return KeystoreKey.derive(password, cheapScrypt()).encrypt(secret, "", RANDOM);
  }

  /** {@code json} with {@code change} applied to its root object. */
  static String edit(String json, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(json);
      change.accept(root);
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode at(ObjectNode root, String... names) {
    ObjectNode node = root;
    for (String name : names) {
      node = (ObjectNode) node.get(name);
    }
    return node;
  }
}
