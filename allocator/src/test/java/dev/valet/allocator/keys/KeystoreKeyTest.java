package dev.valet.allocator.keys;

import static dev.valet.allocator.keys.KeystoreFixtures.RANDOM;
import static dev.valet.allocator.keys.KeystoreFixtures.cheapPbkdf2;
import static dev.valet.allocator.keys.KeystoreFixtures.cheapScrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeystoreKeyTest {

  private static final String PASSWORD = "pool password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void scryptKeystoreRoundTrips() {
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);
    String path = Eip2334.validatorSigningPath(3);

    String keystore = KeystoreKey.derive(PASSWORD, cheapScrypt()).encrypt(secret, path, RANDOM);

    assertThat(Keystore.decrypt(keystore, PASSWORD)).isEqualTo(secret);
    assertThat(Keystore.inspect(keystore).path()).isEqualTo(path);
  }

  @Test
  void pbkdf2KeystoreRoundTrips() {
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);

    String keystore = KeystoreKey.derive(PASSWORD, cheapPbkdf2()).encrypt(secret, "", RANDOM);

    assertThat(Keystore.decrypt(keystore, PASSWORD)).isEqualTo(secret);
  }

  @Test
  void encryptedKeystoreHasEip2335Layout() throws Exception {
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);
    KdfParameters.Scrypt kdf = new KdfParameters.Scrypt(1 << 10, 8, 1, new byte[] {1, 2, 3});

    JsonNode root =
        JSON.readTree(
            KeystoreKey.derive(PASSWORD, kdf).encrypt(secret, "m/12381/3600/0/0/0", RANDOM));

    assertThat(root.get("version").intValue()).isEqualTo(4);
    assertThat(root.get("pubkey").textValue())
        .isEqualTo(secret.publicKey().toHex().substring(2))
        .doesNotStartWith("0x");
    assertThat(root.get("path").textValue()).isEqualTo("m/12381/3600/0/0/0");
    assertThat(root.get("description").textValue()).isEmpty();
    assertThat(UUID.fromString(root.get("uuid").textValue()).version()).isEqualTo(4);
    assertThat(UUID.fromString(root.get("uuid").textValue()).variant()).isEqualTo(2);

    JsonNode crypto = root.get("crypto");
    assertThat(crypto.at("/kdf/function").textValue()).isEqualTo("scrypt");
    assertThat(crypto.at("/kdf/params/dklen").intValue()).isEqualTo(32);
    assertThat(crypto.at("/kdf/params/n").intValue()).isEqualTo(1024);
    assertThat(crypto.at("/kdf/params/r").intValue()).isEqualTo(8);
    assertThat(crypto.at("/kdf/params/p").intValue()).isEqualTo(1);
    assertThat(crypto.at("/kdf/params/salt").textValue()).isEqualTo("010203");
    assertThat(crypto.at("/kdf/message").textValue()).isEmpty();
    assertThat(crypto.at("/checksum/function").textValue()).isEqualTo("sha256");
    assertThat(crypto.at("/checksum/params").isObject()).isTrue();
    assertThat(crypto.at("/checksum/message").textValue()).hasSize(64);
    assertThat(crypto.at("/cipher/function").textValue()).isEqualTo("aes-128-ctr");
    assertThat(crypto.at("/cipher/params/iv").textValue()).hasSize(32);
    assertThat(crypto.at("/cipher/message").textValue())
        .hasSize(64)
        .isNotEqualTo(HexFormat.of().formatHex(secret.toBytes()));
  }

  @Test
  void pbkdf2KeystoreNamesItsPrf() throws Exception {
    String keystore =
        KeystoreKey.derive(PASSWORD, cheapPbkdf2())
            .encrypt(BlsSecretKey.random(RANDOM), "", RANDOM);

    JsonNode params = JSON.readTree(keystore).at("/crypto/kdf/params");

    assertThat(params.get("prf").textValue()).isEqualTo("hmac-sha256");
    assertThat(params.get("c").intValue()).isEqualTo(1024);
    assertThat(params.get("dklen").intValue()).isEqualTo(32);
  }

  @Test
  void eachKeystoreGetsFreshIvAndUuid() throws Exception {
    KeystoreKey key = KeystoreKey.derive(PASSWORD, cheapScrypt());
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);

    JsonNode first = JSON.readTree(key.encrypt(secret, "", RANDOM));
    JsonNode second = JSON.readTree(key.encrypt(secret, "", RANDOM));

    assertThat(first.at("/crypto/cipher/params/iv"))
        .isNotEqualTo(second.at("/crypto/cipher/params/iv"));
    assertThat(first.at("/crypto/cipher/message"))
        .isNotEqualTo(second.at("/crypto/cipher/message"));
    assertThat(first.get("uuid")).isNotEqualTo(second.get("uuid"));
    assertThat(first.at("/crypto/kdf")).isEqualTo(second.at("/crypto/kdf"));
  }

  @Test
  void keyOpensItsOwnKeystoresWithoutTheKdf() {
    KeystoreKey key = KeystoreKey.derive(PASSWORD, cheapScrypt());
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);

    String keystore = key.encrypt(secret, "", RANDOM);

    assertThat(key.hasSameKdfAs(keystore)).isTrue();
    assertThat(key.decrypt(keystore)).isEqualTo(secret);
  }

  @Test
  void keyRefusesKeystoreWithAnotherSalt() {
    KeystoreKey key = KeystoreKey.derive(PASSWORD, cheapScrypt());
    String keystore =
        KeystoreKey.derive(PASSWORD, cheapScrypt())
            .encrypt(BlsSecretKey.random(RANDOM), "", RANDOM);

    assertThat(key.hasSameKdfAs(keystore)).isFalse();
    assertThatThrownBy(() -> key.decrypt(keystore))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("keystore was made under other KDF parameters or another salt than this key");
  }

  @Test
  void sameKdfUnderAnotherPasswordFailsTheChecksum() {
    KdfParameters kdf = cheapScrypt();
    String keystore =
        KeystoreKey.derive(PASSWORD, kdf).encrypt(BlsSecretKey.random(RANDOM), "", RANDOM);

    KeystoreKey other = KeystoreKey.derive("another password", kdf);

    assertThat(other.hasSameKdfAs(keystore)).isTrue();
    assertThatThrownBy(() -> other.decrypt(keystore))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("password does not match this keystore (checksum mismatch)");
  }

  @Test
  void encryptRejectsMalformedPath() {
    KeystoreKey key = KeystoreKey.derive(PASSWORD, cheapScrypt());
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);

    assertThatThrownBy(() -> key.encrypt(secret, "m/12381/x", RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("derivation path component 2 is not a decimal number");
  }

  @Test
  void toStringIsRedacted() {
    assertThat(KeystoreKey.derive(PASSWORD, cheapScrypt()).toString())
        .isEqualTo("KeystoreKey[scrypt, redacted]");
  }
}
