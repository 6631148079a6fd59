package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectAlternativeNamesTest {

  @Test
  void serviceNamesComeFirstThenTheExtraEntries() throws Exception {
    var names =
        SubjectAlternativeNames.forService(
            "valet-webhook", "valet", List.of("webhook.example.org", "127.0.0.1", "::1"));

    assertThat(names.dnsNames())
        .containsExactly(
            "valet-webhook",
            "valet-webhook.valet",
            "valet-webhook.valet.svc",
            "webhook.example.org");
    assertThat(names.ipAddresses())
        .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
    assertThat(names.commonName()).isEqualTo("valet-webhook");
  }

  @Test
  void dnsNamesAreLowerCasedAndDeduplicated() {
    var names = SubjectAlternativeNames.of(List.of("Valet.Example.ORG", "valet.example.org"));

    assertThat(names.dnsNames()).containsExactly("valet.example.org");
  }

  @Test
  void onlyAddressesGiveTheFirstAddressAsCommonName() {
    assertThat(SubjectAlternativeNames.of(List.of("10.0.0.7")).commonName()).isEqualTo("10.0.0.7");
  }

  @Test
  void orderDoesNotMatterForSameNames() {
    var one = SubjectAlternativeNames.of(List.of("a.example", "b.example", "10.0.0.1"));
    var other = SubjectAlternativeNames.of(List.of("10.0.0.1", "b.example", "a.example"));
    var fewer = SubjectAlternativeNames.of(List.of("a.example", "b.example"));

    assertThat(one.sameNamesAs(other)).isTrue();
    assertThat(one.sameNamesAs(fewer)).isFalse();
  }

  @Test
  void namesReadFromAnIssuedCertificateAreTheNamesAskedFor() {
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    var asked = SubjectAlternativeNames.forService("hook", "ns", List.of("10.1.2.3", "fd00::5"));

    var leaf = CertificateAuthority.generate("ca", clock).issueServing(asked, clock).leaf();

    assertThat(SubjectAlternativeNames.of(leaf)).isEqualTo(asked);
  }

  @Test
  void invalidNamesAreRefusedWithTheEntryInTheMessage() {
    assertThatThrownBy(() -> SubjectAlternativeNames.of(List.of("not a name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not a name'");
    assertThatThrownBy(() -> SubjectAlternativeNames.forService("Valet_Hook", "ns", List.of()))
        .hasMessageContaining("service 'Valet_Hook'");
    assertThatThrownBy(() -> SubjectAlternativeNames.of(List.of()))
        .hasMessageContaining("at least one");
  }
}
