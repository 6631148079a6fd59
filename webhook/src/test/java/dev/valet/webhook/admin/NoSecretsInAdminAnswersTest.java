package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A populated Valet (random and derived keys, one- and two-key leases, a release, a retirement,
 * refusals) is read through every route of the admin endpoint, page by page and item by item; no
 * answer, header or log line carries a password, a secret key, a keystore's crypto values, a stored
 * ciphertext or salt, the master key or a mnemonic.
 */
class NoSecretsInAdminAnswersTest {
  private static final String MNEMONIC =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";

  @TempDir Path dataDir;

  private final List<AdminHttp.Answer> answers = new ArrayList<>();
  private final List<String> asked = new ArrayList<>();

  @Test
  void noAnswerHeaderOrLogLineOfTheAdminEndpointCarriesASecret() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    SecretMaterial secrets = new SecretMaterial();
    secrets.addText(MNEMONIC);
    Path mnemonic = dataDir.resolve("mnemonic.txt");
    Files.writeString(mnemonic, MNEMONIC);
    Vertx vertx = Vertx.vertx();
    try (TestDatabase database = TestDatabase.create();
        AdminLocalValet valet =
            AdminLocalValet.start(
                database,
                dataDir,
                List.of(
                    AdminLocalValet.testPool("devnet"),
                    AdminLocalValet.testPool("derived").withMnemonicFile(mnemonic)),
                Map.of("validators", "devnet", "derivers", "derived"),
                Duration.ofSeconds(1))) {
      AdminHttp admin = valet.admin();
      String alpha = valet.admit("validators", "alpha");
      admitTwoKeys(valet);
      valet.admit("derivers", "gamma");
      secrets.addLeaseSecrets(valet.secretsDir());

      record(admin.post("/api/v1/leases/" + alpha + "/release?force=true&reason=scan"));
      String alphaKey = admin.read("/api/v1/leases/" + alpha).getJsonArray("pubkeys").getString(0);
      record(admin.post("/api/v1/keys/" + alphaKey + "/retire"));
      crawl(admin);
      metricsAndHealth(admin);

      Pool db = database.pool(vertx);
      secrets.addStoredPoolSecrets(db);
      db.close().await(5, TimeUnit.SECONDS);
      secrets.addMasterKey(dataDir.resolve("master.key"));
    } finally {
      root.setLevel(before);
      root.detachAppender(logs);
      vertx.close().await(5, TimeUnit.SECONDS);
    }

    assertThat(secrets.size()).isGreaterThan(20);
    assertThat(answers).hasSizeGreaterThan(40);
    for (int i = 0; i < answers.size(); i++) {
      AdminHttp.Answer answer = answers.get(i);
      assertThat(secrets.foundIn(answer.body() + answer.headers().map()))
          .as("answer to " + asked.get(i))
          .isEmpty();
    }
    for (ILoggingEvent event : logs.list) {
      assertThat(secrets.foundIn(event.getFormattedMessage())).as("log line").isEmpty();
    }
  }

  private static void admitTwoKeys(AdminLocalValet valet) throws Exception {
    JsonObject pod = AdmissionClient.validatorPod("beta");
    pod.getJsonObject("metadata").put("annotations", new JsonObject().put("valet.dev/keys", "2"));
    JsonObject response = valet.admissions().review(AdmissionClient.podCreate("validators", pod));
    assertThat(response.getBoolean("allowed")).isTrue();
  }

  /** Every list page by page, and every item of each on its own route. */
  private void crawl(AdminHttp admin) throws Exception {
    for (JsonObject pool : items(admin, "/api/v1/pools?")) {
      get(admin, "/api/v1/pools/" + pool.getString("name"));
    }
    for (JsonObject key : items(admin, "/api/v1/keys?limit=1")) {
      get(admin, "/api/v1/keys/" + key.getString("pubkey"));
      get(admin, "/api/v1/keys?state=" + key.getString("state"));
    }
    for (JsonObject lease : items(admin, "/api/v1/leases?limit=1")) {
      get(admin, "/api/v1/leases/" + lease.getString("id"));
      get(admin, "/api/v1/events?lease=" + lease.getString("id"));
      record(admin.post("/api/v1/leases/" + lease.getString("id") + "/release"));
      for (Object pubkey : lease.getJsonArray("pubkeys")) {
        record(admin.post("/api/v1/keys/" + pubkey + "/retire"));
      }
    }
    items(admin, "/api/v1/events?limit=2");
    get(admin, "/api/v1/deposits");
    get(admin, "/api/v1/leases?state=nonsense");
    get(admin, "/api/v1/keys?pool=nonsense");
    get(admin, "/api/v1/nothing-here");
  }

  private void metricsAndHealth(AdminHttp admin) throws Exception {
    for (String path : List.of("/metrics", "/healthz", "/readyz", "/", "/admin.js", "/admin.css")) {
      get(admin, path);
    }
  }

  /** The items of every page of a list, following the cursors. */
  private List<JsonObject> items(AdminHttp admin, String first) throws Exception {
    List<JsonObject> items = new ArrayList<>();
    String path = first;
    while (path != null) {
      JsonObject page = get(admin, path).json();
      page.getJsonArray("items").forEach(item -> items.add((JsonObject) item));
      String next = page.getString("next");
      path = next == null ? null : first + "&cursor=" + next;
    }
    return items;
  }

  private AdminHttp.Answer get(AdminHttp admin, String path) throws Exception {
    return record(admin.get(path), "GET " + path);
  }

  private AdminHttp.Answer record(AdminHttp.Answer answer) {
    return record(answer, "an action");
  }

  private AdminHttp.Answer record(AdminHttp.Answer answer, String what) {
    answers.add(answer);
    asked.add(what);
    return answer;
  }
}
