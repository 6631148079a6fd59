package dev.valet.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.KdfParameters;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestPools;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size bound of a lease Secret holds for real Secrets: keystores made with each KDF's default
 * parameters and the longest derivation path, a full interchange file, at the computed maximum and
 * one key past it.
 */
class SecretSizeLimitTest {
  private static final String LONGEST_PATH = "m/12381/3600/4294967295/0/0";
  private static final OffsetDateTime FAR_FUTURE =
      Instant.parse("2999-12-31T23:59:59Z").atOffset(ZoneOffset.UTC);

  private static String password;
  private static KeystoreKey pbkdf2;

  @BeforeAll
  static void keys() {
    byte[] bytes = new byte[32];
    TestPools.RANDOM.nextBytes(bytes);
    password = HexFormat.of().formatHex(bytes);
    pbkdf2 = KeystoreKey.derive(password, KdfParameters.pbkdf2Default(salt()));
  }

  @Test
  void theMeasuredKeystoreSizesAreThoseOfRealKeystoresOfEachKdf() {
    KeystoreKey scrypt = KeystoreKey.derive(password, KdfParameters.scryptDefault(salt()));
    BlsSecretKey secret = BlsSecretKey.random(TestPools.RANDOM);

    assertThat(bytes(scrypt.encrypt(secret, LONGEST_PATH, TestPools.RANDOM)))
        .isEqualTo(SecretSizeLimit.SCRYPT_KEYSTORE_BYTES);
    assertThat(bytes(pbkdf2.encrypt(secret, LONGEST_PATH, TestPools.RANDOM)))
        .isEqualTo(SecretSizeLimit.PBKDF2_KEYSTORE_BYTES);
    assertThat(bytes(pbkdf2.encrypt(secret, "", TestPools.RANDOM)))
        .isLessThan(SecretSizeLimit.PBKDF2_KEYSTORE_BYTES);
  }

  @Test
  void aRealSecretAtTheMaximumFitsAndOneKeyMoreDoesNot() {
    PoolSettings pool = PoolSettings.defaults("edge").withKdf(PoolSettings.Kdf.PBKDF2);
    int maximum = SecretSizeLimit.maxKeysPerPod(pool);
    Lease lease = lease(maximum + 1);

    long atMaximum = wireSize(secret(lease.keys().subList(0, maximum), lease));
    long pastMaximum = wireSize(secret(lease.keys(), lease));

    assertThat(maximum).isBetween(200, PoolSettings.KEYS_PER_POD_LIMIT);
    assertThat(atMaximum)
        .isEqualTo(SecretSizeLimit.secretBytes(pool, maximum))
        .isLessThanOrEqualTo(SecretSizeLimit.KUBERNETES_LIMIT);
    assertThat(pastMaximum)
        .isEqualTo(SecretSizeLimit.secretBytes(pool, maximum + 1))
        .isGreaterThan(SecretSizeLimit.KUBERNETES_LIMIT);
  }

  @Test
  void everyKdfAllowsTheDefaultMaximumOfTwoHundredKeys() {
    for (PoolSettings.Kdf kdf : PoolSettings.Kdf.values()) {
      PoolSettings pool = PoolSettings.defaults("p").withKdf(kdf);
      assertThat(SecretSizeLimit.maxKeysPerPod(pool)).as(kdf.name()).isGreaterThanOrEqualTo(200);
    }
  }

  private static Map<String, byte[]> secret(List<LeasedKey> keys, Lease lease) {
    Lease sized =
        new Lease(
            lease.id(),
            lease.requestUid(),
            lease.pool(),
            lease.pod(),
            lease.state(),
            lease.layout(),
            lease.createdAt(),
            keys);
    return LeaseFiles.secret(sized, password, Network.HOODI).data();
  }

  private static Lease lease(int count) {
    List<LeasedKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BlsSecretKey secret = BlsSecretKey.random(TestPools.RANDOM);
      keys.add(
          new LeasedKey(
              i + 1,
              secret.publicKey().toHex(),
              pbkdf2.encrypt(secret, LONGEST_PATH, TestPools.RANDOM),
              LONGEST_PATH,
              i));
    }
    return new Lease(
        UUID.randomUUID(),
        "uid",
        "edge",
        new PodReference("validators", "v", ""),
        LeaseState.PENDING,
        "valet",
        FAR_FUTURE,
        keys);
  }

  /** The data as the API server receives it: names, base64 values, JSON punctuation. */
  private static long wireSize(Map<String, byte[]> data) {
    long total = 0;
    for (Map.Entry<String, byte[]> entry : data.entrySet()) {
      total += entry.getKey().length() + Base64.getEncoder().encode(entry.getValue()).length + 6;
    }
    return total;
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] salt() {
    byte[] salt = new byte[32];
    TestPools.RANDOM.nextBytes(salt);
    return salt;
  }
}
