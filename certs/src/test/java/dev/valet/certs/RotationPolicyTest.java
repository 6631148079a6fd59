package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

  private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void defaultsAreMonthLongLeavesRenewedWithAThirdLeftAndDecadeLongCas() {
    RotationPolicy defaults = RotationPolicy.defaults();

    assertThat(defaults.leafLifetime()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.leafRenewalFraction()).isEqualTo(1.0 / 3);
    assertThat(defaults.caLifetime()).isEqualTo(Duration.ofDays(3650));
    assertThat(defaults.caRenewBefore()).isEqualTo(Duration.ofDays(90));
    assertThat(defaults.caOverlap()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void leafRenewalPointLeavesTheFractionOfItsWholeValidity() {
    var ca = CertificateAuthority.generate("ca", CLOCK);
    var leaf = ca.issueServing(SubjectAlternativeNames.of(List.of("v")), CLOCK).leaf();

    // Valid 30 days and 5 minutes (backdated); a third of that is 10 days, 1 minute, 40 seconds.
    assertThat(RotationPolicy.defaults().leafRenewalPoint(leaf))
        .isEqualTo(NOW.plus(Duration.ofDays(30)).minus(Duration.parse("P10DT1M40S")));
  }

  @Test
  void caRenewalAndSigningPointsFollowTheSettings() {
    var ca = CertificateAuthority.generate("ca", CLOCK).certificate();

    assertThat(RotationPolicy.defaults().caRenewalPoint(ca))
        .isEqualTo(NOW.plus(Duration.ofDays(3650 - 90)));
    assertThat(RotationPolicy.defaults().caSigningPoint(NOW)).isEqualTo(NOW.plusSeconds(600));
  }

  @Test
  void renewalFractionMustLieStrictlyBetweenZeroAndOne() {
    for (double fraction : new double[] {0, 1, 1.5, -0.1, Double.NaN}) {
      assertThatThrownBy(() -> policy(Duration.ofDays(30), fraction, Duration.ofDays(90)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leafRenewalFraction must be between 0 and 1");
    }
  }

  @Test
  void durationsMustBePositiveAndOverlapNotNegative() {
    assertThatThrownBy(() -> policy(Duration.ZERO, 0.3, Duration.ofDays(90)))
        .hasMessage("leafLifetime must be positive, got PT0S");
    assertThatThrownBy(
            () ->
                new RotationPolicy(
                    Duration.ofDays(1),
                    0.3,
                    Duration.ofDays(100),
                    Duration.ofDays(10),
                    Duration.ofMinutes(-1)))
        .hasMessage("caOverlap must not be negative, got PT-1M");
  }

  @Test
  void caRotationMustLeaveRoomForTheOverlapAndALastLeaf() {
    assertThatThrownBy(() -> policy(Duration.ofDays(30), 0.3, Duration.ofDays(30)))
        .hasMessageStartingWith("caRenewBefore (PT720H) must exceed caOverlap plus leafLifetime");
  }

  @Test
  void caMustOutliveItsOwnRotationWindow() {
    assertThatThrownBy(
            () ->
                new RotationPolicy(
                    Duration.ofDays(1),
                    0.3,
                    Duration.ofDays(3),
                    Duration.ofDays(2),
                    Duration.ofMinutes(10)))
        .hasMessageStartingWith(
            "caLifetime (PT72H) must exceed caRenewBefore plus caOverlap plus leafLifetime");
  }

  private static RotationPolicy policy(Duration leaf, double fraction, Duration renewBefore) {
    return new RotationPolicy(
        leaf, fraction, Duration.ofDays(3650), renewBefore, Duration.ofMinutes(10));
  }
}
