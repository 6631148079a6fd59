package dev.valet.webhook.e2e;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One verb on one resource, as a rule of Valet's ClusterRole or of its Role grants it. */
record RbacGrant(String kind, String group, String resource, String verb) {
  static final String CLUSTER_ROLE = "ClusterRole";
  static final String ROLE = "Role";

  /** Every verb on every resource the rules of {@code kind} grant. */
  static Set<RbacGrant> of(String kind, List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            rule ->
                rule.getApiGroups().stream()
                    .flatMap(
                        group ->
                            rule.getResources().stream()
                                .flatMap(
                                    resource ->
                                        rule.getVerbs().stream()
                                            .map(
                                                verb ->
                                                    new RbacGrant(kind, group, resource, verb)))))
        .collect(Collectors.toSet());
  }

  /** {@code rules} of {@code kind} without this verb; a rule left with no verb goes. */
  List<PolicyRule> removedFrom(String kind, List<PolicyRule> rules) {
    if (!kind.equals(this.kind)) {
      return rules;
    }
    List<PolicyRule> left = new ArrayList<>();
    for (PolicyRule rule : rules) {
      if (rule.getApiGroups().contains(group) && rule.getResources().contains(resource)) {
        List<String> verbs = rule.getVerbs().stream().filter(v -> !v.equals(verb)).toList();
        if (!verbs.isEmpty()) {
          left.add(new PolicyRuleBuilder(rule).withVerbs(verbs).build());
        }
      } else {
        left.add(rule);
      }
    }
    return left;
  }

  @Override
  public String toString() {
    return kind + " " + (group.isEmpty() ? "" : group + "/") + resource + " " + verb;
  }
}
