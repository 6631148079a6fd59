package dev.valet.webhook.admin;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} parses as Prometheus text, and its numbers follow real admissions. */
class MetricsEndpointTest {
  private static final String ADMISSIONS = "valet_admissions_total";
  private static final String LATENCY = "valet_admission_duration_seconds";
  private static final String ALLOCATIONS = "valet_allocations_total";

  @TempDir Path dataDir;

  private TestDatabase database;
  private AdminLocalValet valet;
  private AdminHttp admin;
  private AdmissionClient admissions;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    valet =
        AdminLocalValet.start(
            database, dataDir, List.of(AdminLocalValet.testPool("devnet").withMaxKeys(2)));
    admin = valet.admin();
    admissions = valet.admissions();
  }

  @AfterEach
  void stop() {
    valet.close();
    database.close();
  }

  @Test
  void theMetricsParseAsPrometheusTextWithEveryFamilyTyped() throws Exception {
    Eventually.await(
        "the first read of the pool gauges",
        Duration.ofSeconds(15),
        () -> scrape().valueOrZero("valet_state_refresh_timestamp_seconds") > 0);

    AdminHttp.Answer answer = admin.get("/metrics");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText metrics = PrometheusText.parse(answer.body());
    assertThat(metrics.type(LATENCY)).contains("histogram");
    assertThat(metrics.type("valet_admissions_total")).contains("counter");
    assertThat(metrics.type("valet_allocations_total")).contains("counter");
    assertThat(metrics.type("valet_keys")).contains("gauge");
    assertThat(metrics.type("valet_certificate_expiry_timestamp_seconds")).contains("gauge");
    assertThat(metrics.value("valet_certificate_expiry_timestamp_seconds", "server", "webhook"))
        .hasValueSatisfying(
            expiry -> assertThat(expiry).isGreaterThan(Instant.now().getEpochSecond()));
  }

  @Test
  void admissionCountersAndTheLatencyHistogramMoveWithAdmissions() throws Exception {
    PrometheusText before = scrape();

    admissions.review(podCreate("validators", validatorPod("alpha")));
    admissions.review(podCreate("validators", validatorPod("beta")));
    admissions.review(podCreate("validators", validatorPod("refused")));
    JsonObject plain = validatorPod("plain");
    plain.getJsonObject("metadata").getJsonObject("labels").remove("valet.dev/validator");
    admissions.review(podCreate("validators", plain));
    admissions.review(
        podCreate(UUID.randomUUID().toString(), "validators", validatorPod("dry"), true));
    JsonObject tooMany = validatorPod("greedy");
    tooMany
        .getJsonObject("metadata")
        .put("annotations", new JsonObject().put("valet.dev/keys", "many"));
    admissions.review(podCreate("validators", tooMany));

    PrometheusText after = scrape();
    assertThat(delta(before, after, ADMISSIONS, "outcome", "allowed-patched", "reason", "none"))
        .isEqualTo(2);
    assertThat(delta(before, after, ADMISSIONS, "outcome", "allowed-unchanged", "reason", "none"))
        .isEqualTo(2);
    assertThat(delta(before, after, ADMISSIONS, "outcome", "denied", "reason", "refused"))
        .isEqualTo(1);
    assertThat(delta(before, after, ADMISSIONS, "outcome", "denied", "reason", "invalid"))
        .isEqualTo(1);
    assertThat(delta(before, after, LATENCY + "_count")).isEqualTo(6);
    assertThat(delta(before, after, LATENCY + "_bucket", "le", "+Inf")).isEqualTo(6);
    assertThat(after.valueOrZero(LATENCY + "_sum"))
        .isGreaterThan(before.valueOrZero(LATENCY + "_sum"));
    assertThat(delta(before, after, ALLOCATIONS, "source", "new")).isEqualTo(2);
    assertThat(delta(before, after, ALLOCATIONS, "source", "refused")).isEqualTo(1);
    assertThat(delta(before, after, "valet_allocated_keys_total", "source", "new")).isEqualTo(2);
  }

  @Test
  void aReusedKeyCountsAsReused() throws Exception {
    String lease = valet.admit("validators", "alpha");
    admin.post("/api/v1/leases/" + lease + "/release?force=true");
    PrometheusText before = scrape();

    valet.admit("validators", "beta");

    PrometheusText after = scrape();
    assertThat(delta(before, after, ALLOCATIONS, "source", "reused")).isEqualTo(1);
    assertThat(delta(before, after, ALLOCATIONS, "source", "new")).isZero();
    assertThat(delta(before, after, "valet_allocated_keys_total", "source", "reused")).isEqualTo(1);
  }

  @Test
  void keysByStateFollowTheDatabaseOnTheRefreshTimer() throws Exception {
    valet.admit("validators", "alpha");
    valet.admit("validators", "beta");

    Eventually.await(
        "the pool gauges to show two leased keys",
        Duration.ofSeconds(15),
        () -> scrape().valueOrZero("valet_keys", "pool", "devnet", "state", "leased") == 2);
    PrometheusText metrics = scrape();
    assertThat(metrics.value("valet_keys", "pool", "devnet", "state", "free")).contains(0.0);
    assertThat(metrics.value("valet_leases", "pool", "devnet", "state", "pending")).contains(2.0);
    assertThat(metrics.value("valet_pool_keys_left", "pool", "devnet")).contains(0.0);
    assertThat(metrics.value("valet_deposits", "pool", "devnet", "state", "pending")).isEmpty();
  }

  private PrometheusText scrape() {
    try {
      return PrometheusText.parse(admin.readText("/metrics"));
    } catch (Exception e) {
      throw new AssertionError("could not read /metrics", e);
    }
  }

  private static double delta(
      PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
  }
}
