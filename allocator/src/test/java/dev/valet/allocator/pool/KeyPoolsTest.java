package dev.valet.allocator.pool;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.crypto.MasterKeyException;
import dev.valet.allocator.keys.KdfParameters;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreInfo;
import dev.valet.allocator.testing.AllocatorFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pool set-up: a password per pool, kept encrypted under the master key, and one KDF per pool. */
class KeyPoolsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AllocatorFixture fixture;
  private MasterKey masterKey;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    masterKey = MasterKey.generate(RANDOM);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aNewPoolGetsARandomPasswordThatIsStoredOnlyEncrypted() {
    String password = open(masterKey, pbkdf2("blue")).get("blue").password();

    assertThat(password).matches("[0-9a-f]{64}");
    byte[] ciphertext = poolRow("blue").getBuffer("password_ciphertext").getBytes();
    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(password);
    assertThat(contains(ciphertext, HexFormat.of().parseHex(password))).isFalse();
    assertThat(ciphertext.length).isGreaterThan(password.length());
  }

  @Test
  void aNewPoolRecordsItsKdfWithAFreshSalt() {
    open(masterKey, pbkdf2("blue"), PoolSettings.defaults("green"));

    JsonObject blue = new JsonObject(poolRow("blue").getString("kdf"));
    JsonObject green = new JsonObject(poolRow("green").getString("kdf"));
    assertThat(blue.getString("function")).isEqualTo("pbkdf2");
    assertThat(blue.getInteger("c")).isEqualTo(1 << 18);
    assertThat(blue.getString("salt")).matches("[0-9a-f]{64}");
    assertThat(green.getString("function")).isEqualTo("scrypt");
    assertThat(List.of(green.getInteger("n"), green.getInteger("r"), green.getInteger("p")))
        .containsExactly(1 << 18, 8, 1);
    assertThat(green.getString("salt"))
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(blue.getString("salt"));
  }

  @Test
  void openingAPoolAgainReturnsTheSamePasswordAndKdf() {
    String first = open(masterKey, pbkdf2("blue")).get("blue").password();
    List<List<Object>> stored = fixture.rows("SELECT * FROM pools");

    String again = open(masterKey, pbkdf2("blue")).get("blue").password();

    assertThat(again).isEqualTo(first);
    assertThat(fixture.rows("SELECT * FROM pools")).isEqualTo(stored);
  }

  @Test
  void eachPoolHasItsOwnPassword() {
    Map<String, KeyPool> pools = open(masterKey, pbkdf2("blue"), pbkdf2("green"));

    assertThat(pools.get("blue").password()).isNotEqualTo(pools.get("green").password());
  }

  @Test
  void keysOfAPoolAreKeystoresUnderItsPasswordAndStoredKdf() {
    KeyPool blue = open(masterKey, pbkdf2("blue")).get("blue");

    MintedKey key = await(blue.minter()).mint(0, 1).getFirst();

    KeystoreInfo info = Keystore.inspect(key.keystoreJson());
    JsonObject kdf = new JsonObject(poolRow("blue").getString("kdf"));
    assertThat(info.kdf()).isInstanceOf(KdfParameters.Pbkdf2.class);
    assertThat(HexFormat.of().formatHex(info.kdf().salt())).isEqualTo(kdf.getString("salt"));
    assertThat(Keystore.decrypt(key.keystoreJson(), blue.password()).publicKey().toBytes())
        .isEqualTo(key.pubkey());
    assertThat(key.origin()).isEqualTo("random");
    assertThat(key.path()).isEmpty();
  }

  @Test
  void anotherMasterKeyCannotOpenAStoredPool() {
    open(masterKey, pbkdf2("blue"));

    assertThatThrownBy(() -> open(MasterKey.generate(RANDOM), pbkdf2("blue")))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("not the master key the database was created with");
  }

  private Map<String, KeyPool> open(MasterKey key, PoolSettings... pools) {
    return await(KeyPools.open(fixture.db(), key, List.of(pools), fixture.workers(), RANDOM));
  }

  private Row poolRow(String name) {
    return fixture
        .sql("SELECT password_ciphertext, kdf FROM pools WHERE name = $1", name)
        .iterator()
        .next();
  }

  private static PoolSettings pbkdf2(String name) {
    return PoolSettings.defaults(name).withKdf(PoolSettings.Kdf.PBKDF2);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
