package dev.valet.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.LaunchpadDepositFile;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.KdfParameters;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code valet keys import} and {@code valet deposits export} on a real database. */
class KeysAndDepositsCommandsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private TestDatabase database;
  private Vertx vertx;
  private Pool db;
  private Path config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    vertx = Vertx.vertx();
    db = database.pool(vertx);
    Path masterKey = dir.resolve("master.key");
    MasterKey.generate(RANDOM).writeNew(masterKey);
    config = dir.resolve("valet.yaml");
    Files.writeString(
        config,
        """
        database:
          url: %s
        masterKeyFile: %s
        pools:
          - name: exported
            network: hoodi
            kdf: pbkdf2
            deposits: export
            withdrawalAddress: "0x00000000000000000000000000000000000000aa"
          - name: plain
            network: hoodi
            kdf: pbkdf2
        """
            .formatted(database.url(), masterKey));
  }

  @AfterEach
  void stop() throws Exception {
    db.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    database.close();
  }

  @Test
  void importedKeysToDepositAreExportedOnceInTheLaunchpadFormat() throws Exception {
    List<BlsSecretKey> secrets = depositCliDirectory(dir.resolve("validator_keys"), 3, "secret pw");

    assertThat(run("keys", "import", "--pool", "exported", "--to-deposit"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("Imported 3 key(s) into pool exported");
    assertThat(count("SELECT count(*) FROM keys WHERE origin = 'imported' AND pool = 'exported'"))
        .isEqualTo(3);
    assertThat(count("SELECT count(*) FROM deposits WHERE state = 'pending'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM events WHERE kind = 'key.imported'")).isEqualTo(3);
    String poolSalt =
        new io.vertx.core.json.JsonObject(text("SELECT kdf FROM pools WHERE name = 'exported'"))
            .getString("salt");
    assertThat(Keystore.inspect(text("SELECT keystore FROM keys LIMIT 1")).kdf().salt())
        .as("re-encrypted under the pool's password and KDF")
        .isEqualTo(java.util.HexFormat.of().parseHex(poolSalt));

    Path out = Files.createDirectories(dir.resolve("out"));
    assertThat(run("deposits", "export", "--pool", "exported", "--out", out.toString())).isZero();
    Path file;
    try (Stream<Path> files = Files.list(out)) {
      file =
          files
              .filter(f -> f.getFileName().toString().startsWith("deposit_data-"))
              .findFirst()
              .orElseThrow();
    }
    List<DepositData> exported = LaunchpadDepositFile.read(Files.readString(file), Network.HOODI);
    assertThat(exported)
        .extracting(deposit -> deposit.pubkey().toHex())
        .containsExactlyInAnyOrderElementsOf(
            secrets.stream().map(s -> s.publicKey().toHex()).toList());
    assertThat(count("SELECT count(*) FROM deposits WHERE state = 'exported'")).isEqualTo(3);

    assertThat(run("deposits", "export", "--pool", "exported", "--out", out.toString())).isZero();
    assertThat(this.out.toString()).contains("No deposit of pool exported waits for export");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.count()).as("a deposit is in one file only").isEqualTo(1);
    }
  }

  @Test
  void aKeyAlreadyInAPoolRefusesTheWholeImport() throws Exception {
    depositCliDirectory(dir.resolve("validator_keys"), 2, "pw");
    assertThat(run("keys", "import", "--pool", "plain", "--deposited")).isZero();
    assertThat(count("SELECT count(*) FROM deposits WHERE state = 'skipped'")).isEqualTo(2);

    BlsSecretKey fresh = BlsSecretKey.random(RANDOM);
    write(dir.resolve("validator_keys"), fresh, 9, "pw");

    assertThat(run("keys", "import", "--pool", "exported", "--to-deposit")).isNotZero();
    assertThat(err.toString()).contains("in a pool already").contains("nothing was imported");
    assertThat(count("SELECT count(*) FROM keys")).isEqualTo(2);
  }

  @Test
  void aWrongPasswordOrAnOffPoolRefusesAndImportsNothing() throws Exception {
    depositCliDirectory(dir.resolve("validator_keys"), 2, "right");
    Files.writeString(dir.resolve("password.txt"), "wrong\n");

    assertThat(run("keys", "import", "--pool", "exported", "--to-deposit")).isNotZero();
    assertThat(err.toString()).contains("keystore-m_12381_3600_0_0_0").contains("password");

    Files.writeString(dir.resolve("password.txt"), "right\n");
    assertThat(run("keys", "import", "--pool", "plain", "--to-deposit")).isNotZero();
    assertThat(err.toString()).contains("pool plain has deposits: off");
    assertThat(count("SELECT count(*) FROM keys")).isZero();
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", config.toString()));
    if (args[0].equals("keys")) {
      all.addAll(
          List.of(
              "--keystore-dir",
              dir.resolve("validator_keys").toString(),
              "--password-file",
              dir.resolve("password.txt").toString()));
    }
    CommandLine line = Main.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(all.toArray(String[]::new));
  }

  /** Keystores as the official deposit CLI lays them out: one password, one file per key. */
  private List<BlsSecretKey> depositCliDirectory(Path keys, int count, String password)
      throws Exception {
    Files.createDirectories(keys);
    Files.writeString(dir.resolve("password.txt"), password + "\n");
    List<BlsSecretKey> secrets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BlsSecretKey secret = BlsSecretKey.random(RANDOM);
      write(keys, secret, i, password);
      secrets.add(secret);
    }
    return secrets;
  }

  private static void write(Path keys, BlsSecretKey secret, int index, String password)
      throws Exception {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    String path = "m/12381/3600/" + index + "/0/0";
    String json =
        KeystoreKey.derive(password, new KdfParameters.Pbkdf2(1024, salt))
            .encrypt(secret, path, RANDOM);
    assertThat(Keystore.decrypt(json, password)).isEqualTo(secret);
    Files.writeString(
        keys.resolve("keystore-m_12381_3600_" + index + "_0_0-1700000000.json"), json);
  }

  private String text(String sql) throws Exception {
    return db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getString(0);
  }

  private long count(String sql) throws Exception {
    return db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
