package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.certs.Plan.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each decision of the rotator at the edge of its threshold, with the default policy. */
class RotatorTest {

  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final SubjectAlternativeNames NAMES =
      SubjectAlternativeNames.forService("valet-webhook", "valet", List.of());

  /** Leaf from T0 - 5 min to T0 + 30 days; renewed with a third (10d 0h 1m 40s) of that left. */
  private static final Instant LEAF_RENEWAL = T0.plus(Duration.parse("P19DT23H58M20S"));

  /** The CA created at T0 ends at T0 + 3650 days; its rotation starts 90 days before. */
  private static final Instant CA_RENEWAL = T0.plus(Duration.ofDays(3650 - 90));

  private final RotationPolicy policy = RotationPolicy.defaults();
  private final Rotator rotator = new Rotator(policy, "valet-webhook-ca", NAMES);

  @Test
  void noMaterialGivesACaAndALeafItSigned() {
    Plan plan = rotator.next(Optional.empty(), T0);

    TlsMaterial material = settled(plan, T0);
    assertThat(plan.changes()).containsExactly(Change.CREATED);
    assertThat(material.caBundle()).containsExactly(material.signingCa().certificate());
    assertThat(material.signingCa().issued(material.leaf())).isTrue();
    assertThat(SubjectAlternativeNames.of(material.leaf())).isEqualTo(NAMES);
    assertThat(material.leaf().getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(material.signingCa().certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=valet-webhook-ca");
  }

  @Test
  void leafIsKeptUntilOneSecondBeforeItsRenewalPoint() {
    TlsMaterial material = created();

    Plan plan = rotator.next(Optional.of(material), LEAF_RENEWAL.minusSeconds(1));

    assertThat(plan.changed()).isFalse();
    assertThat(plan.material()).isSameAs(material);
  }

  @Test
  void leafIsRenewedAtItsRenewalPointAndAfter() {
    TlsMaterial material = created();

    assertThat(rotator.next(Optional.of(material), LEAF_RENEWAL).changes())
        .containsExactly(Change.LEAF_ISSUED);
    assertThat(rotator.next(Optional.of(material), LEAF_RENEWAL.plusSeconds(1)).changes())
        .containsExactly(Change.LEAF_ISSUED);
  }

  @Test
  void renewedLeafComesFromTheSameCaAndTheReplacedOneIsKeptUntilItExpires() {
    TlsMaterial material = created();

    TlsMaterial renewed = settled(rotator.next(Optional.of(material), LEAF_RENEWAL), LEAF_RENEWAL);

    assertThat(renewed.leaf()).isNotEqualTo(material.leaf());
    assertThat(renewed.signingCa()).isEqualTo(material.signingCa());
    assertThat(renewed.caBundle()).isEqualTo(material.caBundle());
    assertThat(renewed.supersededLeaves()).containsExactly(material.leaf());
    assertThat(renewed.leaf().getNotAfter().toInstant())
        .isEqualTo(LEAF_RENEWAL.plus(Duration.ofDays(30)));
  }

  @Test
  void expiredLeafIsReplaced() {
    Instant afterEnd = T0.plus(Duration.ofDays(30)).plusSeconds(1);

    Plan plan = rotator.next(Optional.of(created()), afterEnd);

    assertThat(plan.changes()).containsExactly(Change.LEAF_ISSUED);
    assertThat(settled(plan, afterEnd).supersededLeaves()).isEmpty();
  }

  @Test
  void leafWithOtherNamesIsReplacedAtOnce() {
    var wider = SubjectAlternativeNames.forService("valet-webhook", "valet", List.of("10.0.0.9"));
    Rotator renamed = new Rotator(policy, "valet-webhook-ca", wider);

    Plan plan = renamed.next(Optional.of(created()), T0.plusSeconds(60));

    assertThat(plan.changes()).containsExactly(Change.LEAF_ISSUED);
    assertThat(SubjectAlternativeNames.of(plan.material().leaf())).isEqualTo(wider);
  }

  @Test
  void leafNotSignedByTheSigningCaIsReplacedAtOnce() {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    var ca = CertificateAuthority.generate("valet-webhook-ca", clock);
    var stranger = CertificateAuthority.generate("valet-webhook-ca", clock);
    TlsMaterial material = TlsMaterial.initial(ca, stranger.issueServing(NAMES, clock));

    Plan plan = rotator.next(Optional.of(material), T0.plusSeconds(60));

    assertThat(plan.changes()).containsExactly(Change.LEAF_ISSUED);
    assertThat(ca.issued(plan.material().leaf())).isTrue();
  }

  @Test
  void caRotationStartsAtItsRenewalPointAndNotASecondBefore() {
    TlsMaterial material = freshLeafBefore(CA_RENEWAL);

    assertThat(rotator.next(Optional.of(material), CA_RENEWAL.minusSeconds(1)).changed()).isFalse();
    Plan plan = rotator.next(Optional.of(material), CA_RENEWAL);

    TlsMaterial introduced = settled(plan, CA_RENEWAL);
    assertThat(plan.changes()).containsExactly(Change.CA_INTRODUCED);
    assertThat(introduced.caBundle())
        .containsExactly(
            material.signingCa().certificate(), introduced.nextCa().get().certificate());
    assertThat(introduced.signingCa()).isEqualTo(material.signingCa());
    assertThat(introduced.leaf()).isEqualTo(material.leaf());
    assertThat(introduced.awaitsBundlePublication()).isTrue();
  }

  @Test
  void nextCaDoesNotSignUntilItsPublicationIsRecorded() {
    TlsMaterial introduced = introducedAt(CA_RENEWAL);

    Plan plan = rotator.next(Optional.of(introduced), CA_RENEWAL.plus(Duration.ofDays(5)));

    assertThat(plan.changed()).isFalse();
  }

  @Test
  void nextCaSignsOnceTheOverlapHasPassedSincePublication() {
    Instant published = CA_RENEWAL.plus(Duration.ofHours(1));
    TlsMaterial material = introducedAt(CA_RENEWAL).recordBundlePublished(published);
    Instant signingPoint = published.plus(Duration.ofMinutes(10));

    assertThat(rotator.next(Optional.of(material), signingPoint.minusSeconds(1)).changed())
        .isFalse();
    Plan plan = rotator.next(Optional.of(material), signingPoint);

    TlsMaterial signing = settled(plan, signingPoint);
    assertThat(plan.changes()).containsExactly(Change.CA_SIGNING, Change.LEAF_ISSUED);
    assertThat(signing.signingCa()).isEqualTo(material.nextCa().get());
    assertThat(signing.nextCa()).isEmpty();
    assertThat(signing.signingCa().issued(signing.leaf())).isTrue();
    assertThat(signing.caBundle()).isEqualTo(material.caBundle());
    assertThat(signing.supersededLeaves()).containsExactly(material.leaf());
  }

  @Test
  void oldCaLeavesTheBundleOnlyAfterItsLastLeafHasExpired() {
    Instant published = CA_RENEWAL.plus(Duration.ofHours(1));
    TlsMaterial introduced = introducedAt(CA_RENEWAL);
    Instant signingPoint = published.plus(Duration.ofMinutes(10));
    TlsMaterial signing =
        settled(
            rotator.next(Optional.of(introduced.recordBundlePublished(published)), signingPoint),
            signingPoint);
    Instant renewal = policy.leafRenewalPoint(signing.leaf());
    TlsMaterial renewed = settled(rotator.next(Optional.of(signing), renewal), renewal);
    Instant lastOldLeafEnd = introduced.leaf().getNotAfter().toInstant();
    assertThat(lastOldLeafEnd).isAfter(renewal);

    assertThat(rotator.next(Optional.of(renewed), lastOldLeafEnd).changed()).isFalse();
    Plan plan = rotator.next(Optional.of(renewed), lastOldLeafEnd.plusSeconds(1));

    TlsMaterial retired = settled(plan, lastOldLeafEnd.plusSeconds(1));
    assertThat(plan.changes()).containsExactly(Change.CA_RETIRED);
    assertThat(retired.caBundle()).containsExactly(signing.signingCa().certificate());
    assertThat(retired.supersededLeaves()).containsExactly(signing.leaf());
  }

  @Test
  void forcedCaRotationStartsPhaseOneAtOnceAndOnlyOnce() {
    Instant soon = T0.plus(Duration.ofDays(1));

    Plan plan = rotator.rotateCa(Optional.of(created()), soon);
    TlsMaterial introduced = settled(plan, soon);
    Plan again = rotator.rotateCa(Optional.of(introduced), soon.plusSeconds(60));

    assertThat(plan.changes()).containsExactly(Change.CA_INTRODUCED);
    assertThat(introduced.caBundle()).hasSize(2);
    assertThat(again.changed()).isFalse();
  }

  @Test
  void forcedCaRotationIsAbsorbedByANextCaStartingToSign() {
    Instant soon = T0.plus(Duration.ofDays(1));
    TlsMaterial published =
        settled(rotator.rotateCa(Optional.of(created()), soon), soon).recordBundlePublished(soon);
    Instant signingPoint = soon.plus(Duration.ofMinutes(10));

    Plan plan = rotator.rotateCa(Optional.of(published), signingPoint);

    assertThat(plan.changes()).containsExactly(Change.CA_SIGNING, Change.LEAF_ISSUED);
  }

  @Test
  void forcedCaRotationWhileTheOldCaIsStillRetiringAddsAThirdCa() {
    Instant soon = T0.plus(Duration.ofDays(1));
    TlsMaterial published =
        settled(rotator.rotateCa(Optional.of(created()), soon), soon).recordBundlePublished(soon);
    Instant signingPoint = soon.plus(Duration.ofMinutes(10));
    TlsMaterial signing = settled(rotator.next(Optional.of(published), signingPoint), signingPoint);
    Instant later = signingPoint.plusSeconds(60);

    Plan plan = rotator.rotateCa(Optional.of(signing), later);

    assertThat(plan.changes()).containsExactly(Change.CA_INTRODUCED);
    assertThat(settled(plan, later).caBundle()).hasSize(3);
  }

  @Test
  void forcedLeafRenewalIssuesANewLeafFromTheSigningCa() {
    TlsMaterial material = created();
    Instant soon = T0.plusSeconds(60);

    Plan plan = rotator.renewLeaf(Optional.of(material), soon);

    assertThat(plan.changes()).containsExactly(Change.LEAF_ISSUED);
    assertThat(settled(plan, soon).leaf()).isNotEqualTo(material.leaf());
    assertThat(material.signingCa().issued(plan.material().leaf())).isTrue();
  }

  @Test
  void expiredSigningCaIsReplacedByFreshMaterial() {
    TlsMaterial material = created();
    Instant afterCaEnd = T0.plus(Duration.ofDays(3650)).plusSeconds(1);

    Plan plan = rotator.next(Optional.of(material), afterCaEnd);

    TlsMaterial replaced = settled(plan, afterCaEnd);
    assertThat(plan.changes()).containsExactly(Change.REPLACED_EXPIRED_CA);
    assertThat(replaced.caBundle()).hasSize(1).doesNotContain(material.signingCa().certificate());
  }

  @Test
  void leafEndingWithItsCaIsNotRenewedAgainAndAgain() {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    var shortCa = CertificateAuthority.generate("valet-webhook-ca", Duration.ofDays(40), clock);
    TlsMaterial material =
        TlsMaterial.initial(shortCa, shortCa.issueServing(NAMES, Duration.ofDays(60), clock));
    Instant lateInLife = T0.plus(Duration.ofDays(35));

    Plan plan = rotator.next(Optional.of(material), lateInLife);

    assertThat(plan.changes()).containsExactly(Change.CA_INTRODUCED);
    settled(plan, lateInLife);
  }

  @Test
  void publicationIsRecordedOnceAndOnlyForANextCa() {
    TlsMaterial material = created();
    TlsMaterial introduced = introducedAt(CA_RENEWAL);
    Instant first = CA_RENEWAL.plusSeconds(30);

    TlsMaterial published = introduced.recordBundlePublished(first);

    assertThat(material.recordBundlePublished(first)).isSameAs(material);
    assertThat(published.nextCaPublishedAt()).contains(first);
    assertThat(published.awaitsBundlePublication()).isFalse();
    assertThat(published.recordBundlePublished(first.plusSeconds(600))).isSameAs(published);
  }

  private TlsMaterial created() {
    return settled(rotator.next(Optional.empty(), T0), T0);
  }

  /** Material whose leaf was renewed a day before {@code instant}, so only the CA can be due. */
  private TlsMaterial freshLeafBefore(Instant instant) {
    Instant dayBefore = instant.minus(Duration.ofDays(1));
    return settled(rotator.renewLeaf(Optional.of(created()), dayBefore), dayBefore);
  }

  private TlsMaterial introducedAt(Instant instant) {
    return settled(rotator.next(Optional.of(freshLeafBefore(instant)), instant), instant);
  }

  /** The plan's material, after checking that asking again at the same instant changes nothing. */
  private TlsMaterial settled(Plan plan, Instant now) {
    Plan again = rotator.next(Optional.of(plan.material()), now);
    assertThat(again.changes()).as("asked again at %s", now).isEmpty();
    assertThat(again.material()).isSameAs(plan.material());
    return plan.material();
  }
}
