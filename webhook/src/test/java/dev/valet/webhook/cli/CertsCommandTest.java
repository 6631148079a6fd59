package dev.valet.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code valet certs} says and refuses before it reaches any cluster. */
class CertsCommandTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void itsHelpSaysThatRotateCaDoesPhaseOneInOneRunAndListsTheExitCodes() {
    int exitCode = run("certs", "--help");

    assertThat(exitCode).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--rotate-ca")
        .contains("One run does phase 1 only")
        .contains("--renew-leaf")
        .contains("Exit codes:")
        .contains("1 could not finish");
  }

  @Test
  void inFileModeItHasNothingToDoAndSaysWhy() throws Exception {
    Path config = directory.resolve("valet.yaml");
    Files.writeString(config, "webhook:\n  tlsCertFile: /etc/valet/tls/tls.crt\n");

    int exitCode = run("certs", "--config", config.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("file mode").contains("nothing to do");
  }

  @Test
  void renewLeafAndRotateCaCannotBeAskedForAtOnce() {
    int exitCode = run("certs", "--renew-leaf", "--rotate-ca");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void aWrongTlsSettingStopsItWithTheSettingNamed() throws Exception {
    Path config = directory.resolve("valet.yaml");
    Files.writeString(config, "webhook:\n  tls:\n    caOverlap: soon\n");

    int exitCode = run("certs", "--config", config.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("webhook.tls.caOverlap");
  }

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
