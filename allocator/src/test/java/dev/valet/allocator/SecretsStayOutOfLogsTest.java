package dev.valet.allocator;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.refused;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.keys.Mnemonic;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.KeyPools;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.PgMasterKeyCheck;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5: with every logger at trace, pool set-up, allocations, refusals, a failed allocation,
 * a roll-back and a release log no password, secret key, mnemonic or keystore crypto value.
 */
class SecretsStayOutOfLogsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String WORDS =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";

  @TempDir Path dir;

  private AllocatorFixture fixture;
  private final Map<String, String> secrets = new LinkedHashMap<>();

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void noSecretReachesAnyLogEvent() throws IOException {
    Path mnemonic = Files.writeString(dir.resolve("green.txt"), WORDS);
    List<String> texts;
    Map<String, KeyPool> pools;
    try (LogCapture capture = LogCapture.everything()) {
      pools = exerciseTheAllocator(mnemonic);
      texts = capture.texts();
    }

    pools.values().forEach(pool -> secrets.put("password of pool " + pool.name(), pool.password()));
    secrets.put("mnemonic", WORDS);
    secrets.put("seed", HexFormat.of().formatHex(Mnemonic.parse(WORDS).seed("")));
    addKeystoreSecrets(pools);
    assertThat(texts).anyMatch(text -> text.startsWith("Lease ") && text.contains("allocated"));
    assertThat(texts).anyMatch(text -> text.contains("Refused keys"));
    assertThat(secrets).hasSizeGreaterThan(20);
    List<String> leaks = new ArrayList<>();
    for (String text : texts) {
      String lower = text.toLowerCase(Locale.ROOT);
      secrets.forEach(
          (what, secret) -> {
            if (lower.contains(secret.toLowerCase(Locale.ROOT))) {
              leaks.add(what + " in a log event of " + text.length() + " characters");
            }
          });
    }
    assertThat(leaks).isEmpty();
  }

  private Map<String, KeyPool> exerciseTheAllocator(Path mnemonic) {
    MasterKey masterKey = MasterKey.generate(RANDOM);
    await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), masterKey));
    PoolSettings blue = pbkdf2("blue").withMaxKeys(3);
    PoolSettings green = pbkdf2("green").withMnemonicFile(mnemonic);
    Map<String, KeyPool> pools =
        await(
            KeyPools.open(
                fixture.db(), masterKey, List.of(blue, green), fixture.workers(), RANDOM));
    pools.values().forEach(pool -> await(pool.minter()));
    PgAllocator allocator = new PgAllocator(fixture.db(), pools, fixture.workers());
    PgLeaseReleaser releaser = new PgLeaseReleaser(fixture.db(), pools);

    Lease first = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();
    refused(allocator.allocate(request("blue", "uid-2", 2)));
    assertThat(await(allocator.rollBack(first.id(), "secret write failed"))).isTrue();
    Lease reused = granted(allocator.allocate(request("blue", "uid-3", 3))).lease();
    granted(allocator.allocate(request("blue", "uid-3", 3)));
    assertThat(await(allocator.rollBack(reused.id(), "deadline passed"))).isFalse();
    await(releaser.release(reused.id(), "pod deleted", "reconciler", false));
    granted(allocator.allocate(request("green", "uid-4", 2)));
    failAnAllocationOnADuplicateKey(pools.get("green"), reused.keys().getFirst().keystoreJson());
    return pools;
  }

  private void failAnAllocationOnADuplicateKey(KeyPool green, String existingKeystore) {
    byte[] pubkey = Keystore.inspect(existingKeystore).publicKey().orElseThrow().toBytes();
    MintedKey duplicate = new MintedKey(pubkey, existingKeystore, "", OptionalLong.empty());
    KeyMinter minter =
        new KeyMinter() {
          @Override
          public List<MintedKey> mint(long firstIndex, int count) {
            return List.of(duplicate);
          }

          @Override
          public boolean derives() {
            return false;
          }
        };
    KeyPool clashing =
        new KeyPool(green.settings(), green.password(), Future.succeededFuture(minter));
    PgAllocator allocator =
        new PgAllocator(fixture.db(), Map.of("green", clashing), fixture.workers());

    assertThatThrownBy(() -> await(allocator.allocate(request("green", "uid-5", 1))))
        .hasMessageContaining("keys_pubkey_key");
  }

  private void addKeystoreSecrets(Map<String, KeyPool> pools) {
    Map<String, KeystoreKey> keystoreKeys = new HashMap<>();
    for (Row row : fixture.sql("SELECT id, pool, keystore FROM keys")) {
      String keystore = row.getString("keystore");
      String of = " of key " + row.getLong("id");
      JsonObject crypto = new JsonObject(keystore).getJsonObject("crypto");
      JsonObject cipher = crypto.getJsonObject("cipher");
      secrets.put(
          "kdf salt" + of, crypto.getJsonObject("kdf").getJsonObject("params").getString("salt"));
      secrets.put("checksum" + of, crypto.getJsonObject("checksum").getString("message"));
      secrets.put("ciphertext" + of, cipher.getString("message"));
      secrets.put("iv" + of, cipher.getJsonObject("params").getString("iv"));
      KeystoreKey key =
          keystoreKeys.computeIfAbsent(
              row.getString("pool"),
              pool ->
                  KeystoreKey.derive(pools.get(pool).password(), Keystore.inspect(keystore).kdf()));
      secrets.put("secret key" + of, HexFormat.of().formatHex(key.decrypt(keystore).toBytes()));
    }
  }

  private static PoolSettings pbkdf2(String name) {
    return PoolSettings.defaults(name).withKdf(PoolSettings.Kdf.PBKDF2);
  }
}
