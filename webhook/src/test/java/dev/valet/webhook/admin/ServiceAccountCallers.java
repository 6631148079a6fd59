package dev.valet.webhook.admin;

import dev.valet.webhook.admin.auth.Permission;
import dev.valet.webhook.testing.Eventually;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * ServiceAccounts as the admin endpoint's callers, with RBAC as the README shows it: a Role in
 * Valet's namespace on the virtual resources of valet.dev, a RoleBinding, and a token minted by the
 * TokenRequest API (no controller-manager makes token Secrets here).
 */
final class ServiceAccountCallers implements AutoCloseable {
  static final List<String> READABLE =
      List.of("pools", "keys", "leases", "deposits", "events", "metrics");

  private final KubernetesClient client;
  private final String callers;
  private final String valetNamespace;

  /**
   * @param callers the namespace the ServiceAccounts live in
   * @param valetNamespace Valet's own namespace, where the Roles and RoleBindings go
   */
  ServiceAccountCallers(KubernetesClient client, String callers, String valetNamespace) {
    this.client = client;
    this.callers = callers;
    this.valetNamespace = valetNamespace;
  }

  /** The Role that may look at everything: get and list on every virtual resource. */
  void createReaderRole() {
    client
        .rbac()
        .roles()
        .inNamespace(valetNamespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("valet-admin-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups(Permission.GROUP)
                .withResources(READABLE)
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
  }

  /** The Role that may act: release leases and retire keys. */
  void createOperatorRole() {
    client
        .rbac()
        .roles()
        .inNamespace(valetNamespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("valet-admin-operator")
                .endMetadata()
                .addNewRule()
                .withApiGroups(Permission.GROUP)
                .withResources("leases")
                .withVerbs("release")
                .endRule()
                .addNewRule()
                .withApiGroups(Permission.GROUP)
                .withResources("keys")
                .withVerbs("retire")
                .endRule()
                .build())
        .create();
  }

  /** A ServiceAccount; returns the user name Kubernetes gives it. */
  String createServiceAccount(String name) {
    client
        .serviceAccounts()
        .inNamespace(callers)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return "system:serviceaccount:" + callers + ":" + name;
  }

  void bind(String role, String serviceAccount) {
    client
        .rbac()
        .roleBindings()
        .inNamespace(valetNamespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(role + "-" + serviceAccount)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(role)
                .endRoleRef()
                .withSubjects(
                    new SubjectBuilder()
                        .withKind("ServiceAccount")
                        .withName(serviceAccount)
                        .withNamespace(callers)
                        .build())
                .build())
        .create();
  }

  /** A ten-minute token for the ServiceAccount, from the TokenRequest API. */
  String token(String serviceAccount) {
    return client
        .serviceAccounts()
        .inNamespace(callers)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /**
   * Deletes the Roles, RoleBindings and ServiceAccounts made here: a bare API server has no
   * namespace controller to delete them with their namespaces.
   */
  @Override
  public void close() {
    client.rbac().roleBindings().inNamespace(valetNamespace).delete();
    client.rbac().roles().inNamespace(valetNamespace).delete();
    client.serviceAccounts().inNamespace(callers).delete();
  }

  /** Waits until the API server's RBAC lets {@code user} use {@code verb} on {@code resource}. */
  void awaitAllowed(String user, String verb, String resource) {
    Eventually.await(
        user + " to be allowed to " + verb + " " + resource,
        Duration.ofSeconds(30),
        () ->
            Boolean.TRUE.equals(
                client
                    .authorization()
                    .v1()
                    .subjectAccessReview()
                    .create(
                        new SubjectAccessReviewBuilder()
                            .withNewSpec()
                            .withUser(user)
                            .withGroups("system:serviceaccounts", "system:authenticated")
                            .withNewResourceAttributes()
                            .withGroup(Permission.GROUP)
                            .withResource(resource)
                            .withVerb(verb)
                            .withNamespace(valetNamespace)
                            .endResourceAttributes()
                            .endSpec()
                            .build())
                    .getStatus()
                    .getAllowed()));
  }
}
