package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.certs.Plan.Change;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the rotation through simulated time in steps of an hour, storing each result through the
 * Secret data and publishing its caBundle at once, as {@code valet serve} does. At every step, real
 * TLS handshakes check each caBundle an API server may hold against each serving certificate a
 * replica may present ({@link TrustTimeline}). Broken steps built by hand must fail that check.
 */
class RotationWalkTest {

  private static final Instant START = Instant.parse("2030-03-01T00:00:00Z");
  private static final Duration STEP = Duration.ofHours(1);
  private static final RotationPolicy POLICY =
      new RotationPolicy(
          Duration.ofDays(1),
          1.0 / 3,
          Duration.ofDays(10),
          Duration.ofDays(3),
          Duration.ofMinutes(90));
  private static final SubjectAlternativeNames NAMES =
      SubjectAlternativeNames.forService("valet-webhook", "valet", List.of());

  private static HandshakeProbe probe;

  private final Rotator rotator = new Rotator(POLICY, "valet-webhook-ca", NAMES);

  @BeforeAll
  static void startServer() {
    probe = new HandshakeProbe();
  }

  @AfterAll
  static void stopServer() throws Exception {
    probe.close();
  }

  @Test
  void everyStepOverTwoAndAHalfCaLifetimesStaysTrusted() {
    Walk walk = new Walk();

    walk.until(START.plus(Duration.ofDays(25)), rotator::next);

    assertThat(walk.count(Change.CREATED)).isEqualTo(1);
    assertThat(walk.count(Change.CA_INTRODUCED)).isEqualTo(3);
    assertThat(walk.count(Change.CA_SIGNING)).isEqualTo(3);
    assertThat(walk.count(Change.CA_RETIRED)).isEqualTo(3);
    assertThat(walk.largestBundle).isEqualTo(2);
    walk.assertPhasesInOrder();
  }

  @Test
  void forcedRotationsOfCaAndLeafStayTrusted() {
    Walk walk = new Walk();
    walk.until(START.plus(Duration.ofDays(1)), rotator::next);

    walk.step(rotator::rotateCa);
    walk.until(walk.now.plus(Duration.ofHours(3)), rotator::next);
    walk.step(rotator::rotateCa);
    walk.until(walk.now.plus(Duration.ofDays(1)), rotator::next);
    walk.step(rotator::renewLeaf);
    walk.until(walk.now.plus(Duration.ofDays(3)), rotator::next);

    assertThat(walk.count(Change.CA_INTRODUCED)).isEqualTo(2);
    assertThat(walk.count(Change.CA_SIGNING)).isEqualTo(2);
    assertThat(walk.count(Change.CA_RETIRED)).isEqualTo(2);
    assertThat(walk.largestBundle).isEqualTo(3);
    walk.assertPhasesInOrder();
  }

  @Test
  void newCaSigningInTheStepThatIntroducesItIsCaught() {
    Walk walk = new Walk();
    walk.until(START.plus(Duration.ofDays(1)), rotator::next);
    Instant next = walk.now.plus(STEP);

    TlsMaterial broken = introduceAndSign(walk.material, next);

    assertThat(walk.timeline.then(next, broken).untrustedPairs(probe))
        .isNotEmpty()
        .allSatisfy(failure -> assertThat(failure).contains("does not chain"));
    CertificateAuthority signingBefore = walk.material.signingCa();
    walk.step(rotator::rotateCa);
    assertThat(walk.changesAt(next)).contains(Change.CA_INTRODUCED);
    assertThat(walk.material.signingCa()).isEqualTo(signingBefore);
  }

  @Test
  void newCaSigningBeforeTheOverlapHasPassedIsCaught() {
    Walk walk = new Walk();
    walk.until(START.plus(Duration.ofDays(1)), rotator::next);
    walk.step(rotator::rotateCa);
    Instant next = walk.now.plus(STEP);
    assertThat(STEP).isLessThan(POLICY.caOverlap());

    TlsMaterial broken = sign(walk.material.withNextCaSigning(), next);

    assertThat(walk.timeline.then(next, broken).untrustedPairs(probe)).isNotEmpty();
    walk.step(rotator::next);
    assertThat(walk.changesAt(next)).doesNotContain(Change.CA_SIGNING);
  }

  @Test
  void oldCaLeavingBeforeItsLastLeafExpiredIsCaught() {
    Walk walk = new Walk();
    walk.until(START.plus(Duration.ofDays(1)), rotator::next);
    walk.step(rotator::rotateCa);
    walk.until(walk.now.plus(POLICY.caOverlap()).plus(STEP), rotator::next);
    assertThat(walk.material.retiringCas()).hasSize(1);
    Instant next = walk.now.plus(STEP);

    TlsMaterial broken =
        walk.material.withCaBundle(
            List.of(walk.material.signingCa().certificate()), walk.material.supersededLeaves());

    assertThat(walk.timeline.then(next, broken).untrustedPairs(probe))
        .isNotEmpty()
        .allSatisfy(failure -> assertThat(failure).contains("does not chain"));
    walk.step(rotator::next);
    assertThat(walk.material.retiringCas()).hasSize(1);
  }

  private static TlsMaterial introduceAndSign(TlsMaterial material, Instant at) {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    CertificateAuthority newCa =
        CertificateAuthority.generate("valet-webhook-ca", POLICY.caLifetime(), clock);
    return sign(material.withNextCa(newCa).recordBundlePublished(at).withNextCaSigning(), at);
  }

  private static TlsMaterial sign(TlsMaterial material, Instant at) {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    ServingCertificate serving =
        material.signingCa().issueServing(NAMES, POLICY.leafLifetime(), clock);
    List<X509Certificate> superseded = new ArrayList<>(material.supersededLeaves());
    superseded.add(material.leaf());
    return material.withServing(serving, superseded);
  }

  /** The stored material as time passes, and what happened on the way. */
  private final class Walk {

    Instant now = START.minus(STEP);
    TlsMaterial material;
    TrustTimeline timeline = new TrustTimeline(POLICY.caOverlap());
    int largestBundle;

    private final Map<Change, Integer> counts = new EnumMap<>(Change.class);
    private final Map<Instant, List<Change>> changes = new LinkedHashMap<>();
    private final Map<X509Certificate, CaPhases> phases = new LinkedHashMap<>();

    void until(Instant end, BiFunction<Optional<TlsMaterial>, Instant, Plan> call) {
      while (now.plus(STEP).isBefore(end)) {
        step(call);
      }
    }

    /** One hour later: call the rotator, store, publish, and check every required handshake. */
    void step(BiFunction<Optional<TlsMaterial>, Instant, Plan> call) {
      now = now.plus(STEP);
      Plan plan = call.apply(Optional.ofNullable(material), now);
      plan.changes().forEach(change -> counts.merge(change, 1, Integer::sum));
      changes.put(now, List.copyOf(plan.changes()));

      TlsMaterial stored = throughSecret(plan.material());
      TlsMaterial published = throughSecret(stored.recordBundlePublished(now));
      assertThat(rotator.next(Optional.of(published), now).changes())
          .as("a second call at %s", now)
          .isEmpty();

      material = published;
      timeline = timeline.then(now, material);
      largestBundle = Math.max(largestBundle, material.caBundle().size());
      notePhases();
      assertThat(timeline.untrustedPairs(probe)).as("handshakes at %s", now).isEmpty();
    }

    int count(Change change) {
      return counts.getOrDefault(change, 0);
    }

    List<Change> changesAt(Instant at) {
      return changes.getOrDefault(at, List.of());
    }

    /** Each CA after the first was published for caOverlap before it signed, and left last. */
    void assertPhasesInOrder() {
      List<CaPhases> rotated = new ArrayList<>(phases.values()).subList(1, phases.size());
      assertThat(rotated).isNotEmpty();
      for (CaPhases ca : rotated) {
        assertThat(ca.signingFrom).isNotNull();
        assertThat(Duration.between(ca.introduced, ca.signingFrom))
            .isGreaterThanOrEqualTo(POLICY.caOverlap());
        if (ca.retired != null) {
          assertThat(ca.retired).isAfter(ca.lastLeafEnd);
        }
      }
    }

    private void notePhases() {
      for (X509Certificate ca : material.caBundle()) {
        phases.computeIfAbsent(ca, ignored -> new CaPhases(now));
      }
      phases.forEach(
          (ca, phase) -> {
            if (!material.caBundle().contains(ca) && phase.retired == null) {
              phase.retired = now;
            }
          });
      CaPhases signing = phases.get(material.signingCa().certificate());
      if (signing.signingFrom == null) {
        signing.signingFrom = now;
      }
      signing.lastLeafEnd = material.leaf().getNotAfter().toInstant();
    }
  }

  private static final class CaPhases {
    final Instant introduced;
    Instant signingFrom;
    Instant lastLeafEnd;
    Instant retired;

    CaPhases(Instant introduced) {
      this.introduced = introduced;
    }
  }

  private static TlsMaterial throughSecret(TlsMaterial material) {
    TlsMaterial read = TlsSecret.fromData(TlsSecret.toData(material));
    assertThat(read).isEqualTo(material);
    return read;
  }
}
