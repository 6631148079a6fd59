package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.testing.ShippedManifests;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With cert-manager Valet serves mounted files and makes no call of managed TLS: no caBundle to
 * publish, no TLS Secret to follow or renew, no certificate election. Its RBAC there is the base's
 * without the grants only those calls need, and with every other grant unchanged.
 */
class CertManagerRbacTest {
  private static final String WEBHOOK_CONFIGURATIONS = "mutatingwebhookconfigurations";

  private static ShippedManifests base;
  private static ShippedManifests certManager;

  @BeforeAll
  static void build() throws Exception {
    base = ShippedManifests.base();
    certManager = ShippedManifests.build("overlays/cert-manager");
  }

  @Test
  void valetMayNotChangeTheWebhookConfigurationThatCainjectorKeeps() {
    List<PolicyRule> rules = certManager.one(ClusterRole.class, "valet").getRules();
    List<PolicyRule> baseRules = base.one(ClusterRole.class, "valet").getRules();

    assertThat(rules).noneMatch(rule -> rule.getResources().contains(WEBHOOK_CONFIGURATIONS));
    assertThat(rules)
        .containsExactlyElementsOf(
            baseRules.stream()
                .filter(rule -> !rule.getResources().contains(WEBHOOK_CONFIGURATIONS))
                .toList());
  }

  @Test
  void valetHoldsOnlyTheReconcilersLeaseAndNoTlsSecret() {
    List<PolicyRule> rules = certManager.one(Role.class, "valet").getRules();
    List<PolicyRule> baseRules = base.one(Role.class, "valet").getRules();

    assertThat(rules)
        .flatExtracting(
            rule -> rule.getResourceNames() == null ? List.of() : rule.getResourceNames())
        .containsExactly(ReconcilerService.LOCK_NAME)
        .doesNotContain(ManagedTlsSettings.DEFAULT_SECRET_NAME);
    assertThat(rules)
        .filteredOn(rule -> rule.getResourceNames() == null || rule.getResourceNames().isEmpty())
        .containsExactlyElementsOf(
            baseRules.stream()
                .filter(
                    rule -> rule.getResourceNames() == null || rule.getResourceNames().isEmpty())
                .toList());
    assertThat(rules)
        .filteredOn(rule -> rule.getResourceNames() != null && !rule.getResourceNames().isEmpty())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResources()).containsExactly("leases");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
  }
}
