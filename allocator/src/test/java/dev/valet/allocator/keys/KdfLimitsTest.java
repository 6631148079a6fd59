package dev.valet.allocator.keys;

import static dev.valet.allocator.keys.KeystoreFixtures.RANDOM;
import static dev.valet.allocator.keys.KeystoreFixtures.at;
import static dev.valet.allocator.keys.KeystoreFixtures.cheapKeystore;
import static dev.valet.allocator.keys.KeystoreFixtures.edit;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A hostile keystore cannot make decryption allocate or compute without bound. */
class KdfLimitsTest {

  private static final String PASSWORD = "pool password";
  private static final String SCRYPT = cheapKeystore(BlsSecretKey.random(RANDOM), PASSWORD);
  private static final String PBKDF2 =
      KeystoreKey.derive(PASSWORD, KeystoreFixtures.cheapPbkdf2())
          .encrypt(BlsSecretKey.random(RANDOM), "", RANDOM);

  @Test
  void scryptCostAboveTwoToTheTwentyIsRefused() {
    String keystore = edit(SCRYPT, r -> params(r).put("n", 1 << 21).put("r", 2));

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("crypto.kdf.params.n is 2097152; at most 1048576 is accepted");
  }

  @Test
  void scryptMemoryAbove256MebibytesIsRefused() {
    String keystore = edit(SCRYPT, r -> params(r).put("n", 1 << 20).put("r", 8));

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("crypto.kdf.params n and r need 1024 MiB; at most 256 MiB is accepted");
  }

  @Test
  void scryptParallelWorkIsBounded() {
    String keystore = edit(SCRYPT, r -> params(r).put("n", 1 << 18).put("r", 8).put("p", 64));

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("crypto.kdf.params n * r * p is 134217728; at most 4194304 is accepted");
  }

  @Test
  void pbkdf2IterationsAboveTenMillionAreRefused() {
    String keystore = edit(PBKDF2, r -> params(r).put("c", 20_000_000));

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("crypto.kdf.params.c is 20000000; at most 10000000 iterations are accepted");
  }

  @Test
  void eip2335DefaultsAreWithinBounds() {
    byte[] salt = KeystoreFixtures.randomSalt();

    assertThatCode(() -> KdfLimits.requireAffordable(KdfParameters.scryptDefault(salt)))
        .doesNotThrowAnyException();
    assertThatCode(() -> KdfLimits.requireAffordable(KdfParameters.pbkdf2Default(salt)))
        .doesNotThrowAnyException();
  }

  private static ObjectNode params(ObjectNode root) {
    return at(root, "crypto", "kdf", "params");
  }
}
