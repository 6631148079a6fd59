package dev.valet.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.config.ValetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve reads the options it shares with the leases commands as it read them before. */
class ServeOptionsTest {
  @TempDir Path directory;

  @Test
  void theSharedOptionsReachServesConfiguration() throws Exception {
    Path password = Files.writeString(directory.resolve("password"), "secret\n");
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs(
            "--local",
            "--data-dir",
            directory.toString(),
            "--database-url",
            "postgresql://valet@127.0.0.1:5432/valet",
            "--database-password-file",
            password.toString());

    ValetConfig config = serve.toConfig();

    assertThat(config.database())
        .hasValueSatisfying(
            database -> {
              assertThat(database.url()).isEqualTo("postgresql://valet@127.0.0.1:5432/valet");
              assertThat(database.password()).contains("secret");
            });
    assertThat(config.local())
        .hasValueSatisfying(
            local -> assertThat(local.dataDir()).isEqualTo(directory.toAbsolutePath()));
    assertThat(config.masterKeyFile()).isEqualTo(directory.toAbsolutePath().resolve("master.key"));
  }

  @Test
  void theKubeconfigReachesServesConfigurationOutsideLocalMode() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs(
            "--kubeconfig",
            "cluster.yaml",
            "--database-url",
            "postgresql://valet@127.0.0.1:5432/valet",
            "--tls-cert",
            "tls.crt",
            "--tls-key",
            "tls.key");

    ValetConfig config = serve.toConfig();

    assertThat(config.kubeconfig()).contains(Path.of("cluster.yaml").toAbsolutePath());
    assertThat(config.local()).isEmpty();
  }
}
