package dev.valet.webhook.server;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event, at DEBUG, of a whole run (start, allocations, a retry, a dry run, a
 * refusal, a failed Secret write and its rollback) and proves none carries a password, a secret
 * key, a keystore's crypto values or the master key.
 */
class NoSecretsInLogsTest {
  @TempDir Path dataDir;

  @Test
  void noPasswordSecretKeyKeystoreCryptoOrMasterKeyIsEverLogged() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try (TestDatabase database = TestDatabase.create();
        LocalValet valet =
            LocalValet.start(
                database,
                dataDir,
                List.of(LocalValet.testPool("devnet").withMaxKeys(2)),
                java.util.Map.of("validators", "devnet", "blocked", "devnet"))) {
      AdmissionClient client = new AdmissionClient(valet.port(), valet.caFile());
      JsonObject review = podCreate("validators", validatorPod("logged"));
      JsonObject granted = client.review(review);
      client.review(review);
      client.review(
          podCreate(UUID.randomUUID().toString(), "validators", validatorPod("dry"), true));
      client.review(podCreate("validators", validatorPod("second")));
      client.review(podCreate("validators", validatorPod("refused")));
      Files.writeString(valet.secretsDir().resolve("blocked"), "not a directory");
      client.review(podCreate("blocked", validatorPod("failing")));

      secrets.addAll(secretsOf(valet, granted));
      secrets.add(Files.readString(dataDir.resolve("master.key")).strip());
    } finally {
      root.setLevel(before);
      root.detachAppender(captured);
    }

    assertThat(captured.list).isNotEmpty();
    List<String> lines = captured.list.stream().map(NoSecretsInLogsTest::render).toList();
    assertThat(String.join("\n", lines)).contains("allocated");
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
  }

  private static List<String> secretsOf(LocalValet valet, JsonObject granted) throws Exception {
    String lease =
        AdmissionClient.patch(granted).stream()
            .map(JsonObject.class::cast)
            .filter(op -> op.getString("path").equals("/metadata/labels/valet.dev~1lease"))
            .findFirst()
            .orElseThrow()
            .getString("value");
    Path secret = valet.secretsDir().resolve("validators").resolve("valet-" + lease);
    String password = Files.readString(secret.resolve("password.txt"));
    String keystore = Files.readString(secret.resolve("keystore.json"));
    JsonObject crypto = new JsonObject(keystore).getJsonObject("crypto");
    byte[] secretKey = Keystore.decrypt(keystore, password).toBytes();
    return List.of(
        password,
        HexFormat.of().formatHex(secretKey),
        crypto.getJsonObject("cipher").getString("message"),
        crypto.getJsonObject("checksum").getString("message"),
        crypto.getJsonObject("kdf").getJsonObject("params").getString("salt"));
  }

  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    if (event.getArgumentArray() != null) {
      for (Object argument : event.getArgumentArray()) {
        text.append(' ').append(argument);
      }
    }
    for (IThrowableProxy thrown = event.getThrowableProxy();
        thrown != null;
        thrown = thrown.getCause()) {
      text.append(' ').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
    }
    return text.toString();
  }
}
