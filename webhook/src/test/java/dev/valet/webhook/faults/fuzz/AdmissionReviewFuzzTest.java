package dev.valet.webhook.faults.fuzz;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.AdmissionOutcome;
import dev.valet.webhook.testing.LeaseInvariants;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutated AdmissionReviews over real TLS: every one gets an HTTP answer that the API server can
 * read (a well-formed review for its uid, or a 400 with a reason), never a crash or a stack trace,
 * and no lease exists that no answer handed out. Bounded by {@code valet.fuzz.inputs} and {@code
 * valet.fuzz.seconds}; {@code valet.fuzz.seed} replays a run (the seed is logged).
 */
@Timeout(300)
class AdmissionReviewFuzzTest {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionReviewFuzzTest.class);
  private static final int INPUTS = Integer.getInteger("valet.fuzz.inputs", 3000);

  /** Valet shortens the reasons it gives; these reach the API server's error and its events. */
  private static final int MAX_REASON = 1100;

  private static final Duration BUDGET =
      Duration.ofSeconds(Integer.getInteger("valet.fuzz.seconds", 60));

  @TempDir Path dataDir;

  private TestDatabase database;
  private LocalValet valet;
  private AdmissionClient client;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    valet =
        LocalValet.start(
            database,
            dataDir,
            List.of(
                LocalValet.testPool("devnet").withMaxKeys(100_000).withMaxNewKeysPerHour(100_000)));
    client = new AdmissionClient(valet.port(), valet.caFile());
  }

  @AfterEach
  void stop() throws Exception {
    valet.close();
    database.close();
  }

  @Test
  void malformedReviewsAlwaysGetAReadableAnswerAndNeverALeaseThatWasNotHandedOut()
      throws Exception {
    long seed = Long.getLong("valet.fuzz.seed", ThreadLocalRandom.current().nextLong());
    LOG.info("Fuzzing AdmissionReviews with seed {} (-Dvalet.fuzz.seed={} replays it)", seed, seed);
    ReviewMutator mutator = new ReviewMutator(seed);
    List<JsonObject> seeds = seeds();
    List<AdmissionOutcome> outcomes = new ArrayList<>();
    Map<String, Integer> answers = new TreeMap<>();
    long until = System.nanoTime() + BUDGET.toNanos();

    for (int i = 0; i < INPUTS && System.nanoTime() < until; i++) {
      byte[] body = mutator.mutate(seeds.get(i % seeds.size()));
      AdmissionOutcome outcome = send(body, "input " + i + " of seed " + seed);
      outcomes.add(outcome);
      answers.merge(kind(outcome), 1, Integer::sum);
    }

    LOG.info("{} mutated reviews answered: {}", outcomes.size(), answers);
    Map<String, Long> denials =
        outcomes.stream()
            .filter(outcome -> outcome.httpStatus() == 200 && outcome.denied())
            .collect(
                Collectors.groupingBy(
                    outcome -> gist(outcome.message()), TreeMap::new, Collectors.counting()));
    LOG.info("Denials by reason: {}", denials);
    assertThat(outcomes).hasSizeGreaterThan(100);
    try (LeaseInvariants invariants =
        LeaseInvariants.open(database.settings(), valet.secretsDir())) {
      invariants.assertHold(outcomes);
    }
  }

  /** Sends one body and checks that the answer is one the API server can read. */
  private AdmissionOutcome send(byte[] body, String input) throws InterruptedException {
    String uid = uidOf(body);
    long started = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = client.post(body);
    } catch (IOException e) {
      throw new AssertionError(input + " got no answer: " + e + "; body: " + prefix(body), e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String context = input + " answered " + response.statusCode() + " " + response.body();
    assertThat(response.statusCode()).as(context).isIn(200, 400);
    assertThat(response.body()).as(context).doesNotContain("\tat ").doesNotContain("Exception");
    JsonObject answer = new JsonObject(response.body());
    if (response.statusCode() == 400) {
      assertThat(answer.getString("error")).as(context).isNotBlank();
      return AdmissionOutcome.of(uid, response, took);
    }
    assertThat(answer.getString("apiVersion")).as(context).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.getString("kind")).as(context).isEqualTo("AdmissionReview");
    JsonObject review = answer.getJsonObject("response");
    assertThat(review.getString("uid")).as(context).isEqualTo(uid);
    assertThat(review.getValue("allowed")).as(context).isInstanceOf(Boolean.class);
    if (!review.getBoolean("allowed")) {
      assertThat(review.getJsonObject("status").getString("message"))
          .as(input + ": a denial's reason is short whatever the review held")
          .isNotBlank()
          .hasSizeLessThanOrEqualTo(MAX_REASON);
    }
    return AdmissionOutcome.of(uid, response, took);
  }

  /** The uid as Valet reads it: {@code request.uid} of a JSON object body, else none. */
  private static String uidOf(byte[] body) {
    try {
      Object request = new JsonObject(new String(body, StandardCharsets.UTF_8)).getValue("request");
      if (request instanceof JsonObject object && object.getValue("uid") instanceof String uid) {
        return uid;
      }
    } catch (RuntimeException e) {
      // Not a JSON object: Valet cannot read a uid either.
    }
    return "";
  }

  private static String kind(AdmissionOutcome outcome) {
    if (outcome.httpStatus() != 200) {
      return "http " + outcome.httpStatus();
    }
    if (outcome.allowed()) {
      return outcome.lease().isPresent() ? "allowed with a lease" : "allowed unchanged";
    }
    return "denied";
  }

  /** A denial's reason, short and printable, so that reasons group in the log. */
  private static String gist(String message) {
    String printable = message.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 70 ? printable.substring(0, 70) : printable;
  }

  private static String prefix(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }

  /** Valid reviews to start from: the README's sample and pods that ask for each option. */
  private static List<JsonObject> seeds() throws IOException {
    List<JsonObject> seeds = new ArrayList<>();
    seeds.add(
        new JsonObject(Files.readString(Path.of("../manifests/examples/admission-review.json"))));
    seeds.add(podCreate(LocalValet.NAMESPACE, validatorPod("plain")));
    seeds.add(podCreate(LocalValet.NAMESPACE, validatorPod("generated-")));
    JsonObject asking = validatorPod("asking");
    asking
        .getJsonObject("metadata")
        .put(
            "annotations",
            new JsonObject()
                .put("valet.dev/keys", "2")
                .put("valet.dev/layout", "lighthouse")
                .put("valet.dev/mount-path", "/keys")
                .put("valet.dev/containers", "validator")
                .put("valet.dev/init-containers", "import"));
    asking
        .getJsonObject("spec")
        .put(
            "initContainers",
            new JsonArray().add(new JsonObject().put("name", "import").put("image", "i:1")));
    seeds.add(podCreate(LocalValet.NAMESPACE, asking));
    seeds.add(
        podCreate(
            java.util.UUID.randomUUID().toString(),
            LocalValet.NAMESPACE,
            validatorPod("dry"),
            true));
    return seeds;
  }
}
