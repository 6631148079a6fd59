package dev.valet.allocator.pool;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.keys.Eip2333;
import dev.valet.allocator.keys.Eip2334;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.Mnemonic;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.testing.AllocatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pool with a mnemonic derives its keys by EIP-2333 at EIP-2334 paths, in index order. */
class MnemonicPoolTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String WORDS =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";
  private static final String OTHER_WORDS =
      "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount"
          + " doctor acoustic avoid letter always";

  @TempDir Path dir;

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
  void keysDeriveAtM12381Slash3600SlashISlash0Slash0WithIInOrder() {
    Map<String, KeyPool> pools = open(derived("blue", mnemonicFile("blue.txt", WORDS)));
    PgAllocator allocator = new PgAllocator(fixture.db(), pools, fixture.workers());

    List<LeasedKey> keys = new ArrayList<>();
    keys.addAll(granted(allocator.allocate(request("blue", "uid-1", 3))).lease().keys());
    keys.addAll(granted(allocator.allocate(request("blue", "uid-2", 2))).lease().keys());

    byte[] seed = Mnemonic.parse(WORDS).seed("");
    List<String> paths = IntStream.range(0, 5).mapToObj(Eip2334::validatorSigningPath).toList();
    assertThat(paths.getFirst()).isEqualTo("m/12381/3600/0/0/0");
    assertThat(keys)
        .extracting(LeasedKey::pubkey)
        .containsExactlyElementsOf(
            paths.stream()
                .map(path -> Eip2333.derivePath(seed, path).publicKey().toHex())
                .toList());
    assertThat(keys).extracting(LeasedKey::path).containsExactlyElementsOf(paths);
    assertThat(fixture.rows("SELECT derivation_index, path, origin FROM keys ORDER BY id"))
        .containsExactly(
            List.of(0, paths.get(0), "derived"),
            List.of(1, paths.get(1), "derived"),
            List.of(2, paths.get(2), "derived"),
            List.of(3, paths.get(3), "derived"),
            List.of(4, paths.get(4), "derived"));
    assertThat(fixture.count("SELECT next_index FROM pools WHERE name = 'blue'")).isEqualTo(5);
    assertThat(Keystore.inspect(keys.get(3).keystoreJson()).path()).isEqualTo(paths.get(3));
  }

  @Test
  void aDerivedKeystoreOpensWithThePoolPasswordToTheDerivedKey() {
    Map<String, KeyPool> pools = open(derived("blue", mnemonicFile("blue.txt", WORDS)));
    PgAllocator allocator = new PgAllocator(fixture.db(), pools, fixture.workers());

    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();

    byte[] seed = Mnemonic.parse(WORDS).seed("");
    assertThat(
            Keystore.decrypt(lease.keys().getFirst().keystoreJson(), pools.get("blue").password()))
        .isEqualTo(Eip2333.derivePath(seed, "m/12381/3600/0/0/0"));
  }

  @Test
  void restartingWithAnotherMnemonicFailsNamingTheSetting() {
    open(derived("blue", mnemonicFile("blue.txt", WORDS)));

    assertThatThrownBy(() -> open(derived("blue", mnemonicFile("other.txt", OTHER_WORDS))))
        .isInstanceOf(PoolSetupException.class)
        .hasMessageStartingWith("pools.blue.mnemonicFile holds another mnemonic")
        .hasMessageNotContaining("legal")
        .hasMessageNotContaining("letter");
  }

  @Test
  void restartingWithoutTheMnemonicFailsNamingTheSetting() {
    open(derived("blue", mnemonicFile("blue.txt", WORDS)));

    assertThatThrownBy(() -> open(pbkdf2("blue")))
        .isInstanceOf(PoolSetupException.class)
        .hasMessageStartingWith("pools.blue.mnemonicFile is not set")
        .hasMessageContaining("derives its keys from a mnemonic");
  }

  @Test
  void restartingWithTheSameMnemonicKeepsDerivingWhereThePoolLeftOff() {
    Path file = mnemonicFile("blue.txt", WORDS);
    Map<String, KeyPool> first = open(derived("blue", file));
    granted(
        new PgAllocator(fixture.db(), first, fixture.workers()).allocate(request("blue", "a", 2)));

    Map<String, KeyPool> again = open(derived("blue", file));
    Lease lease =
        granted(
                new PgAllocator(fixture.db(), again, fixture.workers())
                    .allocate(request("blue", "b", 1)))
            .lease();

    assertThat(lease.keys().getFirst().path()).isEqualTo("m/12381/3600/2/0/0");
  }

  @Test
  void twoPoolsGivenTheSameMnemonicFail() {
    PoolSettings blue = derived("blue", mnemonicFile("blue.txt", WORDS));
    PoolSettings green = derived("green", mnemonicFile("green.txt", "  " + WORDS.toUpperCase()));

    assertThatThrownBy(() -> open(blue, green))
        .isInstanceOf(PoolSetupException.class)
        .hasMessageContaining("pools blue and green are given the same mnemonic");
  }

  @Test
  void anInvalidMnemonicFileFailsNamingTheSettingWithoutShowingTheWords() {
    String elevenWords = WORDS.substring(0, WORDS.lastIndexOf(' '));

    assertThatThrownBy(() -> open(derived("blue", mnemonicFile("blue.txt", elevenWords))))
        .isInstanceOf(PoolSetupException.class)
        .hasMessageStartingWith("pools.blue.mnemonicFile: ")
        .hasMessageNotContaining("legal")
        .hasMessageNotContaining("sausage");
  }

  private Map<String, KeyPool> open(PoolSettings... pools) {
    return await(KeyPools.open(fixture.db(), masterKey, List.of(pools), fixture.workers(), RANDOM));
  }

  private Path mnemonicFile(String name, String words) {
    try {
      return Files.writeString(dir.resolve(name), words + "\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static PoolSettings derived(String name, Path mnemonicFile) {
    return pbkdf2(name).withMnemonicFile(mnemonicFile);
  }

  private static PoolSettings pbkdf2(String name) {
    return PoolSettings.defaults(name).withKdf(PoolSettings.Kdf.PBKDF2);
  }
}
