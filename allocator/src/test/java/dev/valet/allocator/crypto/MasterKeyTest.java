package dev.valet.allocator.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  private static final byte[] SECRET = "pool password".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void decryptsWhatItEncryptedForTheSameContext() {
    MasterKey key = MasterKey.generate(new SecureRandom());

    byte[] sealed = key.encrypt(SECRET, "pool:a");

    assertThat(key.decrypt(sealed, "pool:a")).isEqualTo(SECRET);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("pool password");
  }

  @Test
  void refusesCiphertextOfAnotherContext() {
    MasterKey key = MasterKey.generate(new SecureRandom());
    byte[] sealed = key.encrypt(SECRET, "pool:a");

    assertThatThrownBy(() -> key.decrypt(sealed, "pool:b"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("not the master key");
  }

  @Test
  void refusesCiphertextOfAnotherKey() {
    byte[] sealed = MasterKey.generate(new SecureRandom()).encrypt(SECRET, "pool:a");

    assertThatThrownBy(() -> MasterKey.generate(new SecureRandom()).decrypt(sealed, "pool:a"))
        .isInstanceOf(MasterKeyException.class);
  }

  @Test
  void refusesAlteredCiphertext() {
    MasterKey key = MasterKey.generate(new SecureRandom());
    byte[] sealed = key.encrypt(SECRET, "pool:a");
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> key.decrypt(sealed, "pool:a")).isInstanceOf(MasterKeyException.class);
  }

  @Test
  void writtenFileIsOwnerOnlyAndLoadsBack() throws Exception {
    MasterKey key = MasterKey.generate(new SecureRandom());
    Path file = dir.resolve("master.key");
    key.writeNew(file);

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    MasterKey loaded = MasterKey.load(file, "masterKeyFile");
    assertThat(loaded.decrypt(key.encrypt(SECRET, "c"), "c")).isEqualTo(SECRET);
  }

  @Test
  void missingFileIsAClearErrorNamingTheSetting() {
    Path missing = dir.resolve("gone.key");

    assertThatThrownBy(() -> MasterKey.load(missing, "masterKeyFile"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("masterKeyFile")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void malformedFileIsAClearError() throws Exception {
    Path file = dir.resolve("short.key");
    Files.writeString(file, "abcd");

    assertThatThrownBy(() -> MasterKey.load(file, "masterKeyFile"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("must hold 32 bytes");
  }

  @Test
  void base64FileIsAccepted() throws Exception {
    Path file = dir.resolve("b64.key");
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    Files.writeString(file, java.util.Base64.getEncoder().encodeToString(raw) + "\n");

    MasterKey key = MasterKey.load(file, "masterKeyFile");

    assertThat(key.decrypt(key.encrypt(SECRET, "c"), "c")).isEqualTo(SECRET);
    assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(raw));
  }
}
