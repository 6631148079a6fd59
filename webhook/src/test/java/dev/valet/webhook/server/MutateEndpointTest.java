package dev.valet.webhook.server;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.lease.LeaseIds;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutateEndpointTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static LocalValet valet;
  private static AdmissionClient client;
  private static Vertx vertx;
  private static Pool db;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    valet =
        LocalValet.start(
            database,
            dataDir,
            List.of(LocalValet.testPool("devnet")),
            java.util.Map.of("validators", "devnet", "blocked", "devnet"));
    client = new AdmissionClient(valet.port(), valet.caFile());
    vertx = Vertx.vertx();
    db = database.pool(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    valet.close();
    database.close();
  }

  @Test
  void theReadmeSampleGetsAPatchAndASecretWhoseKeystoreOpensToTheAnnotatedKey() throws Exception {
    JsonObject sample =
        new JsonObject(Files.readString(Path.of("../manifests/examples/admission-review.json")));
    sample.getJsonObject("request").put("uid", UUID.randomUUID().toString());

    JsonObject response = client.review(sample);

    assertThat(response.getBoolean("allowed")).isTrue();
    assertThat(response.getString("uid"))
        .isEqualTo(sample.getJsonObject("request").getString("uid"));
    assertThat(response.getString("patchType")).isEqualTo("JSONPatch");
    String lease = patchValue(response, "/metadata/labels/valet.dev~1lease");
    String pubkey =
        ((JsonObject) patchValueObject(response, "/metadata/annotations"))
            .getString("valet.dev/pubkey");
    Path secret = valet.secretsDir().resolve("validators").resolve("valet-" + lease);
    String password = Files.readString(secret.resolve("password.txt"), StandardCharsets.UTF_8);
    String keystore = Files.readString(secret.resolve("keystore.json"), StandardCharsets.UTF_8);
    assertThat(Keystore.decrypt(keystore, password).publicKey().toHex()).isEqualTo(pubkey);
    assertThat(Files.readString(secret.resolve("pubkey")).strip()).isEqualTo(pubkey);
  }

  @Test
  void theSecretCarriesASlashingProtectionWatermarkAtTheAllocation() throws Exception {
    JsonObject response = client.review(podCreate("validators", validatorPod("watermarked")));

    String lease = patchValue(response, "/metadata/labels/valet.dev~1lease");
    Path secret = valet.secretsDir().resolve("validators").resolve("valet-" + lease);
    JsonObject interchange =
        new JsonObject(Files.readString(secret.resolve("slashing-protection.json")));
    long allocated =
        Long.parseLong(
            scalar(
                "SELECT floor(extract(epoch FROM created_at)) FROM leases WHERE id = '"
                    + lease
                    + "'"));
    Network network = Network.HOODI;
    long slot = (allocated - network.genesisTime()) / network.secondsPerSlot();
    JsonObject entry = interchange.getJsonArray("data").getJsonObject(0);
    assertThat(entry.getString("pubkey"))
        .isEqualTo(Files.readString(secret.resolve("pubkey")).strip());
    assertThat(entry.getJsonArray("signed_blocks").getJsonObject(0).getString("slot"))
        .isEqualTo(Long.toString(slot));
    assertThat(entry.getJsonArray("signed_attestations").getJsonObject(0).getString("target_epoch"))
        .isEqualTo(Long.toString(slot / network.slotsPerEpoch()));
  }

  @Test
  void aPodNamedOnlyByGenerateNameGetsAKey() throws Exception {
    JsonObject response = client.review(podCreate("validators", validatorPod("validator-")));

    assertThat(response.getBoolean("allowed")).isTrue();
    String lease = patchValue(response, "/metadata/labels/valet.dev~1lease");
    assertThat(scalar("SELECT pod_generate_name FROM leases WHERE id = '" + lease + "'"))
        .isEqualTo("validator-");
  }

  @Test
  void aSecretLeftByARolledBackAttemptWithOtherKeysIsNeverMountedForTheRetry() throws Exception {
    JsonObject review = podCreate("validators", validatorPod("stale-secret"));
    String uid = review.getJsonObject("request").getString("uid");
    Path stale =
        valet.secretsDir().resolve("validators").resolve("valet-" + LeaseIds.forRequest(uid));
    Files.createDirectories(stale);
    Files.writeString(stale.resolve("pubkey"), "0x" + "ab".repeat(48));
    Files.writeString(stale.resolve("pubkeys"), "0x" + "ab".repeat(48) + "\n");

    JsonObject refused = client.review(review);

    assertThat(refused.getBoolean("allowed")).isFalse();
    assertThat(refused.getJsonObject("status").getString("message"))
        .contains("left from an earlier attempt");
    assertThat(scalar("SELECT count(*) FROM leases WHERE request_uid = '" + uid + "'"))
        .isEqualTo("0");
    assertThat(stale).doesNotExist();

    JsonObject retried = client.review(review);

    assertThat(retried.getBoolean("allowed")).isTrue();
    String pubkey =
        ((JsonObject) patchValueObject(retried, "/metadata/annotations"))
            .getString("valet.dev/pubkey");
    assertThat(Files.readString(stale.resolve("pubkey")).strip()).isEqualTo(pubkey);
  }

  @Test
  void aRetryOfTheSameRequestGetsTheSameLeaseAndKey() throws Exception {
    JsonObject review = podCreate("validators", validatorPod("retried"));

    JsonObject first = client.review(review);
    JsonObject second = client.review(review);

    assertThat(AdmissionClient.patch(second)).isEqualTo(AdmissionClient.patch(first));
    String uid = review.getJsonObject("request").getString("uid");
    assertThat(scalar("SELECT count(*) FROM leases WHERE request_uid = '" + uid + "'"))
        .isEqualTo("1");
    assertThat(
            scalar(
                "SELECT count(*) FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id WHERE l.request_uid = '"
                    + uid
                    + "'"))
        .isEqualTo("1");
  }

  @Test
  void aDryRunIsAllowedWithAWarningAndChangesNothing() throws Exception {
    String uid = UUID.randomUUID().toString();
    String leasesBefore = scalar("SELECT count(*) FROM leases");
    String keysBefore = scalar("SELECT count(*) FROM keys");

    JsonObject response = client.review(podCreate(uid, "validators", validatorPod("dry"), true));

    assertThat(response.getBoolean("allowed")).isTrue();
    assertThat(response.containsKey("patch")).isFalse();
    assertThat(response.getJsonArray("warnings").getString(0)).contains("dry run");
    assertThat(scalar("SELECT count(*) FROM leases")).isEqualTo(leasesBefore);
    assertThat(scalar("SELECT count(*) FROM keys")).isEqualTo(keysBefore);
  }

  @Test
  void aPodThatBringsALeaseLabelIsDeniedAndGetsNothing() throws Exception {
    JsonObject pod = validatorPod("spoof");
    pod.getJsonObject("metadata").getJsonObject("labels").put("valet.dev/lease", "someone-elses");
    String uid = UUID.randomUUID().toString();

    JsonObject response = client.review(podCreate(uid, "validators", pod, false));

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getString("message")).contains("valet.dev/lease");
    assertThat(scalar("SELECT count(*) FROM leases WHERE request_uid = '" + uid + "'"))
        .isEqualTo("0");
  }

  @Test
  void twoContainersWithoutTheAnnotationAreDeniedAndGetNothing() throws Exception {
    JsonObject pod = validatorPod("two");
    pod.getJsonObject("spec")
        .getJsonArray("containers")
        .add(new JsonObject().put("name", "sidecar").put("image", "s:1"));
    String uid = UUID.randomUUID().toString();

    JsonObject response = client.review(podCreate(uid, "validators", pod, false));

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getString("message"))
        .contains("valet.dev/containers");
    assertThat(scalar("SELECT count(*) FROM leases WHERE request_uid = '" + uid + "'"))
        .isEqualTo("0");
  }

  @Test
  void podsThatAreNotValetsAreAllowedUnchanged() throws Exception {
    JsonObject plain = validatorPod("plain");
    plain.getJsonObject("metadata").put("labels", new JsonObject().put("app", "x"));
    JsonObject ownNamespace = client.review(podCreate("valet-system", validatorPod("own")));
    JsonObject system = client.review(podCreate("kube-system", validatorPod("sys")));
    JsonObject notLabelled = client.review(podCreate("validators", plain));
    JsonObject notOptedIn = client.review(podCreate("elsewhere", validatorPod("other")));

    for (JsonObject response : List.of(ownNamespace, system, notLabelled, notOptedIn)) {
      assertThat(response.getBoolean("allowed")).isTrue();
      assertThat(response.containsKey("patch")).isFalse();
    }
    assertThat(notOptedIn.getJsonArray("warnings").getString(0))
        .contains("no valet.dev/pool label");
  }

  @Test
  void bodiesThatAreNotReviewsGetA400WithAReasonAndNoAllocation() throws Exception {
    String leasesBefore = scalar("SELECT count(*) FROM leases");

    HttpResponse<String> garbage = client.post("{not json".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> empty = client.post(new byte[0]);
    HttpResponse<String> array = client.post("[1,2]".getBytes(StandardCharsets.UTF_8));

    for (HttpResponse<String> response : List.of(garbage, empty, array)) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isNotBlank();
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(scalar("SELECT count(*) FROM leases")).isEqualTo(leasesBefore);
  }

  @Test
  void aBodyOverThreeMebibytesIsRefusedWith413() throws Exception {
    byte[] huge = new byte[3 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) ' ');

    HttpResponse<String> response = client.post(huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(response.body()).getString("error")).contains("3 MiB");
  }

  @Test
  void aReviewOfAnotherResourceIsDeniedForItsUid() throws Exception {
    JsonObject review = podCreate("validators", validatorPod("x"));
    review.getJsonObject("request").getJsonObject("resource").put("resource", "secrets");
    review.getJsonObject("request").getJsonObject("kind").put("kind", "Secret");

    JsonObject response = client.review(review);

    assertThat(response.getString("uid"))
        .isEqualTo(review.getJsonObject("request").getString("uid"));
    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getString("message"))
        .contains("only handles the CREATE of pods");
  }

  @Test
  void aMistypedFieldAfterTheUidIsDeniedForThatUid() throws Exception {
    JsonObject review = podCreate("validators", validatorPod("x"));
    review
        .getJsonObject("request")
        .getJsonObject("object")
        .getJsonObject("metadata")
        .put("labels", 5);

    JsonObject response = client.review(review);

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getInteger("code")).isEqualTo(400);
    assertThat(response.getJsonObject("status").getString("message")).contains("metadata.labels");
  }

  @Test
  void aFailedSecretWriteLeavesNoLeaseAndTheKeyFree() throws Exception {
    Files.createDirectories(valet.secretsDir());
    Files.writeString(valet.secretsDir().resolve("blocked"), "a file where a directory must go");
    String uid = UUID.randomUUID().toString();

    JsonObject response = client.review(podCreate(uid, "blocked", validatorPod("failing"), false));

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getString("message"))
        .contains("could not write Secret");
    assertThat(scalar("SELECT count(*) FROM leases WHERE request_uid = '" + uid + "'"))
        .isEqualTo("0");
    assertThat(
            scalar(
                "SELECT count(*) FROM keys WHERE state = 'leased' AND lease_id NOT IN (SELECT id FROM leases)"))
        .isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM events WHERE kind = 'lease.rolled-back'"))
        .isNotEqualTo("0");
  }

  private static String patchValue(JsonObject response, String path) {
    return String.valueOf(patchValueObject(response, path));
  }

  private static Object patchValueObject(JsonObject response, String path) {
    JsonArray patch = AdmissionClient.patch(response);
    return patch.stream()
        .map(JsonObject.class::cast)
        .filter(op -> op.getString("path").equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no patch operation at " + path + " in " + patch))
        .getValue("value");
  }

  private static String scalar(String sql) throws Exception {
    return String.valueOf(
        db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getValue(0));
  }
}
