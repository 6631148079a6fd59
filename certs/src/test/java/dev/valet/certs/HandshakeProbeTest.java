package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe the rotation walk relies on must be able to fail, for each reason that matters. */
class HandshakeProbeTest {

  private static final Instant ISSUED = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(ISSUED, ZoneOffset.UTC);
  private static final SubjectAlternativeNames NAMES =
      SubjectAlternativeNames.forService("valet-webhook", "valet", List.of());

  private static HandshakeProbe probe;

  private final CertificateAuthority ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
  private final ServingCertificate serving = ca.issueServing(NAMES, CLOCK);

  @BeforeAll
  static void startServer() {
    probe = new HandshakeProbe();
  }

  @AfterAll
  static void stopServer() throws Exception {
    probe.close();
  }

  @Test
  void handshakeCompletesWhenTheBundleHoldsTheIssuingCaAtATimeInsideValidity() {
    assertThat(probe.failure(List.of(ca.certificate()), serving, ISSUED.plusSeconds(60))).isEmpty();
  }

  @Test
  void handshakeJudgesValidityAtTheGivenInstantNotTheRealClock() {
    assertThat(Instant.now()).isBefore(ISSUED.minus(Duration.ofMinutes(5)));

    assertThat(probe.failure(List.of(ca.certificate()), serving, Instant.now()))
        .hasValueSatisfying(reason -> assertThat(reason).contains("NotBefore"));
    assertThat(probe.failure(List.of(ca.certificate()), serving, ISSUED)).isEmpty();
    assertThat(probe.failure(List.of(ca.certificate()), serving, ISSUED.plus(Duration.ofDays(31))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("NotAfter"));
  }

  @Test
  void handshakeFailsWhenTheBundleLacksTheIssuingCaEvenUnderTheSameName() {
    var sameName = CertificateAuthority.generate("valet-webhook-ca", CLOCK).certificate();

    assertThat(probe.failure(List.of(sameName), serving, ISSUED))
        .hasValueSatisfying(reason -> assertThat(reason).contains("does not chain"));
    assertThat(probe.failure(List.of(sameName, ca.certificate()), serving, ISSUED)).isEmpty();
  }

  @Test
  void handshakeFailsWhenTheLeafDoesNotNameTheService() {
    var otherNames =
        ca.issueServing(SubjectAlternativeNames.of(List.of("elsewhere.example")), CLOCK);

    assertThat(probe.failure(List.of(ca.certificate()), otherNames, ISSUED))
        .hasValueSatisfying(reason -> assertThat(reason).contains(HandshakeProbe.SERVICE_HOST));
  }
}
