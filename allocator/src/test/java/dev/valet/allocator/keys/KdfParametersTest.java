package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KdfParametersTest {

  private static final byte[] SALT = KeystoreFixtures.randomSalt();

  @Test
  void defaultsAreEip2335s() {
    assertThat(KdfParameters.scryptDefault(SALT))
        .isEqualTo(new KdfParameters.Scrypt(262144, 8, 1, SALT));
    assertThat(KdfParameters.pbkdf2Default(SALT)).isEqualTo(new KdfParameters.Pbkdf2(262144, SALT));
  }

  @Test
  void equalityComparesSaltContent() {
    KdfParameters first = KdfParameters.scryptDefault(SALT.clone());
    KdfParameters second = KdfParameters.scryptDefault(SALT.clone());

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first).isNotEqualTo(KdfParameters.scryptDefault(KeystoreFixtures.randomSalt()));
    assertThat(first).isNotEqualTo(KdfParameters.pbkdf2Default(SALT));
  }

  @Test
  void saltIsCopiedInAndOut() {
    byte[] salt = SALT.clone();
    KdfParameters parameters = KdfParameters.pbkdf2Default(salt);

    salt[0] ^= 1;
    parameters.salt()[1] ^= 1;

    assertThat(parameters.salt()).isEqualTo(SALT);
  }

  @Test
  void invalidScryptParametersAreRejected() {
    assertThatThrownBy(() -> new KdfParameters.Scrypt(1000, 8, 1, SALT))
        .hasMessage("scrypt n must be a power of two above 1, got 1000");
    assertThatThrownBy(() -> new KdfParameters.Scrypt(1024, 0, 1, SALT))
        .hasMessage("scrypt r and p must be at least 1");
    assertThatThrownBy(() -> new KdfParameters.Scrypt(1 << 16, 1, 1, SALT))
        .hasMessage("scrypt n must be below 2^16 when r is 1 (RFC 7914)");
    assertThatThrownBy(() -> new KdfParameters.Scrypt(1024, 8, 1, new byte[0]))
        .hasMessage("KDF salt must not be empty");
  }

  @Test
  void invalidPbkdf2ParametersAreRejected() {
    assertThatThrownBy(() -> new KdfParameters.Pbkdf2(0, SALT))
        .hasMessage("pbkdf2 c must be at least 1, got 0");
  }
}
