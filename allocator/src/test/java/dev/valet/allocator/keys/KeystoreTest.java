package dev.valet.allocator.keys;

import static dev.valet.allocator.keys.KeystoreFixtures.EIP_PASSWORD;
import static dev.valet.allocator.keys.KeystoreFixtures.EIP_PUBLIC_KEY;
import static dev.valet.allocator.keys.KeystoreFixtures.RANDOM;
import static dev.valet.allocator.keys.KeystoreFixtures.at;
import static dev.valet.allocator.keys.KeystoreFixtures.cheapKeystore;
import static dev.valet.allocator.keys.KeystoreFixtures.edit;
import static dev.valet.allocator.keys.KeystoreFixtures.eipSecret;
import static dev.valet.allocator.keys.KeystoreFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeystoreTest {

  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void scryptVectorDecryptsToPublishedSecret() {
    BlsSecretKey secret = Keystore.decrypt(resource("eip2335-scrypt.json"), EIP_PASSWORD);

    assertThat(secret).isEqualTo(eipSecret());
    assertThat(secret.publicKey().toHex()).isEqualTo(EIP_PUBLIC_KEY);
  }

  @Test
  void pbkdf2VectorDecryptsToPublishedSecret() {
    BlsSecretKey secret = Keystore.decrypt(resource("eip2335-pbkdf2.json"), EIP_PASSWORD);

    assertThat(secret).isEqualTo(eipSecret());
  }

  @Test
  void keystoreMadeByAnotherImplementationDecrypts() {
    // Made with @chainsafe/bls-keystore 3.1.0 (scrypt n=2^10); its password has a C1 code (U+009F)
    // and a precomposed umlaut, so both sides must strip and normalize alike.
    String keystore = resource("chainsafe-scrypt.json");
    String password = "n\u00f6de p\u009fassword \uD83D\uDD11";

    BlsSecretKey secret = Keystore.decrypt(keystore, password);

    assertThat(HexFormat.of().formatHex(secret.toBytes()))
        .isEqualTo("6bb8d2d5c6741615a38f4c4286fb79f37850ad1950baa6a6288a8addcb56766a");
    assertThat(Keystore.decrypt(keystore, "no\u0308de password \uD83D\uDD11")).isEqualTo(secret);
  }

  @Test
  void wrongPasswordFailsWithChecksumMessage() {
    String keystore = cheapKeystore(BlsSecretKey.random(RANDOM), PASSWORD);

    assertThatThrownBy(() -> Keystore.decrypt(keystore, "correct horse battery stapler"))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("password does not match this keystore (checksum mismatch)");
  }

  @Test
  void controlCodesInPasswordAreIgnored() {
    // EIP-2335 "Control codes removal": C0, Delete and C1 are stripped before the KDF.
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);
    String keystore = cheapKeystore(secret, "pass\u0007word");

    assertThat(Keystore.decrypt(keystore, "password")).isEqualTo(secret);
    assertThat(Keystore.decrypt(keystore, "\u0000pass\u007fword\u0085\u009f")).isEqualTo(secret);
  }

  @Test
  void spaceInPasswordCounts() {
    String keystore = cheapKeystore(BlsSecretKey.random(RANDOM), "pass word");

    assertThatThrownBy(() -> Keystore.decrypt(keystore, "password"))
        .isInstanceOf(KeystoreException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void inspectReadsPublicFieldsWithoutPassword() {
    KeystoreInfo info = Keystore.inspect(resource("eip2335-scrypt.json"));

    assertThat(info.publicKey()).contains(BlsPublicKey.fromHex(EIP_PUBLIC_KEY));
    assertThat(info.path()).isEqualTo("m/12381/60/3141592653/589793238");
    assertThat(info.uuid()).isEqualTo("1d85ae20-35c5-4611-98e8-aa14a633906f");
    assertThat(info.kdfFunction()).isEqualTo("scrypt");
    assertThat(info.kdf())
        .isEqualTo(
            KdfParameters.scryptDefault(
                HexFormat.of()
                    .parseHex("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3")));
    assertThat(info.description())
        .isEqualTo("This is a test keystore that uses scrypt to secure the secret.");
  }

  @Test
  void inspectReportsPbkdf2() {
    assertThat(Keystore.inspect(resource("eip2335-pbkdf2.json")).kdfFunction()).isEqualTo("pbkdf2");
  }

  @Test
  void pubkeyOfAnotherKeyIsRejected() {
    String other = BlsSecretKey.random(RANDOM).publicKey().toHex().substring(2);
    String keystore =
        edit(
            cheapKeystore(BlsSecretKey.random(RANDOM), PASSWORD),
            root -> root.put("pubkey", other));

    assertThatThrownBy(() -> Keystore.decrypt(keystore, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("pubkey does not match the public key of the decrypted secret");
  }

  @Test
  void keystoreWithoutPubkeyDecrypts() {
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);
    String keystore = edit(cheapKeystore(secret, PASSWORD), root -> root.remove("pubkey"));

    assertThat(Keystore.decrypt(keystore, PASSWORD)).isEqualTo(secret);
    assertThat(Keystore.inspect(keystore).publicKey()).isEmpty();
  }

  @Test
  void messagesNeverContainPasswordOrSecret() {
    BlsSecretKey secret = BlsSecretKey.random(RANDOM);
    String secretHex = HexFormat.of().formatHex(secret.toBytes());
    String keystore = cheapKeystore(secret, PASSWORD);
    String tampered =
        edit(keystore, root -> at(root, "crypto", "checksum").put("message", "00".repeat(32)));

    assertThatThrownBy(() -> Keystore.decrypt(tampered, PASSWORD))
        .isInstanceOf(KeystoreException.class)
        .message()
        .doesNotContain(PASSWORD)
        .doesNotContain("correct")
        .doesNotContainIgnoringCase(secretHex.substring(0, 16));
  }
}
