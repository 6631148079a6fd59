package dev.valet.webhook.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.webhook.inject.Layout;
import dev.valet.webhook.inject.LeaseFiles;
import dev.valet.webhook.testing.layouts.KubeletVolume;
import dev.valet.webhook.testing.layouts.TestLeases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Lodestar (1.5.1) imports the lodestar layout of a mounted lease Secret with the README's
 * commands: the keystores with the one password file, then the slashing-protection interchange.
 * Lodestar 1.5.1 knows sepolia's genesis validators root, so the lease serves sepolia and nothing
 * is contacted: the beacon node address is a closed port on 127.0.0.1.
 */
@EnabledIfEnvironmentVariable(
    named = LodestarImportTest.BINARY_VARIABLE,
    matches = ".*\\S.*",
    disabledReason =
        "set VALET_TEST_LODESTAR to a lodestar 1.5.1 binary to run it; .ci/install-lodestar"
            + " installs one and .ci/run sets it")
@Timeout(300)
class LodestarImportTest {
  static final String BINARY_VARIABLE = "VALET_TEST_LODESTAR";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final String CLOSED_PORT = "http://127.0.0.1:9";

  @TempDir Path temp;

  @Test
  void lodestarImportsEveryKeystoreOfTheLayoutAndTheWatermarkOfEveryKey() throws Exception {
    TestLeases leases = TestLeases.create();
    Lease lease = leases.lease(3, Layout.LODESTAR);
    Path mount =
        KubeletVolume.write(
            LeaseFiles.volume(lease, Layout.LODESTAR),
            LeaseFiles.secret(lease, leases.password(), Network.SEPOLIA).data(),
            temp.resolve("mount"));
    Path dataDir = temp.resolve("lodestar-data");
    List<String> pubkeys = lease.keys().stream().map(LeasedKey::pubkey).toList();

    String imported =
        lodestar(
            "validator",
            "import",
            "--network",
            "sepolia",
            "--dataDir",
            dataDir.toString(),
            "--importKeystores",
            mount.resolve("lodestar/keystores").toString(),
            "--importKeystoresPassword",
            mount.resolve("password.txt").toString());
    String listed =
        lodestar("validator", "list", "--network", "sepolia", "--dataDir", dataDir.toString());
    lodestar(
        "validator",
        "slashing-protection",
        "import",
        "--network",
        "sepolia",
        "--dataDir",
        dataDir.toString(),
        "--beaconNodes",
        CLOSED_PORT,
        "--file",
        mount.resolve("slashing-protection.json").toString());
    Path exported = temp.resolve("exported.json");
    lodestar(
        "validator",
        "slashing-protection",
        "export",
        "--network",
        "sepolia",
        "--dataDir",
        dataDir.toString(),
        "--beaconNodes",
        CLOSED_PORT,
        "--file",
        exported.toString());

    assertThat(imported).contains("Successfully imported 3/3 keystores");
    assertThat(listed).contains(pubkeys);
    JsonArray watermarks = new JsonObject(Files.readString(exported)).getJsonArray("data");
    JsonObject handedOver =
        new JsonObject(Files.readString(mount.resolve("slashing-protection.json")))
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(watermarks).hasSize(3);
    for (int i = 0; i < watermarks.size(); i++) {
      JsonObject entry = watermarks.getJsonObject(i);
      assertThat(pubkeys).contains(entry.getString("pubkey"));
      assertThat(entry.getJsonArray("signed_blocks").getJsonObject(0).getString("slot"))
          .isEqualTo(handedOver.getJsonArray("signed_blocks").getJsonObject(0).getString("slot"));
    }
  }

  /** Runs lodestar; its output, which never holds a password, for the assertions. */
  private String lodestar(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getenv(BINARY_VARIABLE));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(temp, "lodestar-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("lodestar " + arguments[1] + " did not finish in time");
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue())
        .as("lodestar " + String.join(" ", arguments) + "\n" + text)
        .isZero();
    return text;
  }
}
