package dev.valet.webhook.testing;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Valet's ServiceAccount with exactly the RBAC of {@code manifests/base}, in a test's own Valet
 * namespace: the shipped ClusterRole, Role and their bindings, renamed for this run (cluster-scoped
 * names get the run's suffix; the one webhook configuration and TLS Secret the rules name become
 * the test's), and a kubeconfig that authenticates as that ServiceAccount with a token from the
 * TokenRequest API. Valet started with that kubeconfig can do only what the manifests allow.
 */
public final class ValetServiceAccount implements AutoCloseable {
  private static final long TOKEN_SECONDS = 3600;

  private final KubernetesClient admin;
  private final String namespace;
  private final String clusterName;
  private final ClusterRole clusterRole;
  private final Role role;
  private final Path kubeconfig;
  private final String account;
  private final String token;

  private ValetServiceAccount(
      KubernetesClient admin,
      String namespace,
      String clusterName,
      ClusterRole clusterRole,
      Role role,
      Path kubeconfig,
      String account,
      String token) {
    this.admin = admin;
    this.namespace = namespace;
    this.clusterName = clusterName;
    this.clusterRole = clusterRole;
    this.role = role;
    this.kubeconfig = kubeconfig;
    this.account = account;
    this.token = token;
  }

  /**
   * Creates the ServiceAccount and its shipped RBAC in {@code namespace} (which must exist).
   *
   * @param admin a client allowed to create RBAC
   * @param clusterName the name of this run's ClusterRole and ClusterRoleBinding
   * @param webhookConfiguration the MutatingWebhookConfiguration this Valet keeps the caBundle of
   * @param tlsSecret the Secret of its managed TLS material
   */
  public static ValetServiceAccount grant(
      KubernetesClient admin,
      String namespace,
      String clusterName,
      String webhookConfiguration,
      String tlsSecret)
      throws IOException, InterruptedException {
    ShippedManifests shipped = ShippedManifests.base();
    ClusterRole clusterRole = (shipped.one(ClusterRole.class, "valet"));
    clusterRole.getMetadata().setName(clusterName);
    clusterRole.setRules(
        renamed(clusterRole.getRules(), "mutatingwebhookconfigurations", webhookConfiguration));
    Role role = (shipped.one(Role.class, "valet"));
    role.getMetadata().setNamespace(namespace);
    role.setRules(renamed(role.getRules(), "secrets", tlsSecret));

    ServiceAccount account =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(accountName(shipped))
            .withNamespace(namespace)
            .endMetadata()
            .build();
    admin.serviceAccounts().inNamespace(namespace).resource(account).create();
    admin.rbac().clusterRoles().resource(clusterRole).create();
    admin.rbac().roles().inNamespace(namespace).resource(role).create();
    ClusterRoleBinding clusterBinding = (shipped.one(ClusterRoleBinding.class, "valet"));
    clusterBinding.getMetadata().setName(clusterName);
    clusterBinding.getRoleRef().setName(clusterName);
    clusterBinding.setSubjects(inNamespace(clusterBinding.getSubjects(), namespace));
    admin.rbac().clusterRoleBindings().resource(clusterBinding).create();
    RoleBinding binding = (shipped.one(RoleBinding.class, "valet"));
    binding.getMetadata().setNamespace(namespace);
    binding.setSubjects(inNamespace(binding.getSubjects(), namespace));
    admin.rbac().roleBindings().inNamespace(namespace).resource(binding).create();

    String token = token(admin, namespace, account.getMetadata().getName());
    Path kubeconfig = writeKubeconfig(admin, account.getMetadata().getName(), token);
    return new ValetServiceAccount(
        admin,
        namespace,
        clusterName,
        clusterRole,
        role,
        kubeconfig,
        account.getMetadata().getName(),
        token);
  }

  /** The kubeconfig that authenticates as the ServiceAccount. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The ServiceAccount's bearer token, from the TokenRequest API. */
  public String token() {
    return token;
  }

  /** The rules of the ClusterRole as granted. */
  public List<PolicyRule> clusterRules() {
    return clusterRole.getRules();
  }

  /** The rules of the Role as granted. */
  public List<PolicyRule> namespaceRules() {
    return role.getRules();
  }

  /**
   * Replaces the rules of the ClusterRole and the Role with {@code edit} of the granted ones. The
   * API server's authorizer follows within a moment, not at once.
   */
  public void editRules(
      UnaryOperator<List<PolicyRule>> clusterEdit, UnaryOperator<List<PolicyRule>> namespaceEdit) {
    ClusterRole editedCluster = ShippedManifests.copyOf(clusterRole);
    editedCluster.setRules(clusterEdit.apply(copy(clusterRole.getRules())));
    admin.rbac().clusterRoles().resource(editedCluster).update();
    Role editedRole = ShippedManifests.copyOf(role);
    editedRole.setRules(namespaceEdit.apply(copy(role.getRules())));
    admin.rbac().roles().inNamespace(namespace).resource(editedRole).update();
  }

  /** Restores the rules as granted. */
  public void restoreRules() {
    editRules(rules -> rules, rules -> rules);
  }

  private static String accountName(ShippedManifests shipped) {
    return shipped.all(ServiceAccount.class).getFirst().getMetadata().getName();
  }

  /** The rules of {@code resource} that name objects name {@code name} instead. */
  private static List<PolicyRule> renamed(List<PolicyRule> rules, String resource, String name) {
    List<PolicyRule> result = new ArrayList<>();
    for (PolicyRule rule : rules) {
      boolean names =
          rule.getResources().contains(resource)
              && rule.getResourceNames() != null
              && !rule.getResourceNames().isEmpty();
      result.add(names ? new PolicyRuleBuilder(rule).withResourceNames(name).build() : rule);
    }
    return result;
  }

  private static List<PolicyRule> copy(List<PolicyRule> rules) {
    return new ArrayList<>(
        rules.stream().map(rule -> new PolicyRuleBuilder(rule).build()).toList());
  }

  private static List<Subject> inNamespace(List<Subject> subjects, String namespace) {
    return subjects.stream()
        .map(subject -> new SubjectBuilder(subject).withNamespace(namespace).build())
        .toList();
  }

  /**
   * A token of the account, from the TokenRequest API (the envtest server has no token controller).
   */
  private static String token(KubernetesClient admin, String namespace, String account) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_SECONDS)
            .endSpec()
            .build();
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(account)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  /** A kubeconfig for the API server of {@code admin} that authenticates with {@code token}. */
  private static Path writeKubeconfig(KubernetesClient admin, String account, String token)
      throws IOException {
    Config config = admin.getConfiguration();
    String caData =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    Path file =
        Files.createTempFile(
            "valet-sa-",
            ".kubeconfig",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: test",
            "  cluster:",
            "    server: " + config.getMasterUrl(),
            "    certificate-authority-data: " + caData,
            "users:",
            "- name: " + account,
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: test",
            "  context: {cluster: test, user: " + account + "}",
            "current-context: test",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() throws IOException {
    admin.rbac().clusterRoleBindings().withName(clusterName).delete();
    admin.rbac().clusterRoles().withName(clusterName).delete();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .withName(role.getMetadata().getName())
        .delete();
    admin.rbac().roles().inNamespace(namespace).withName(role.getMetadata().getName()).delete();
    admin.serviceAccounts().inNamespace(namespace).withName(account).delete();
    Files.deleteIfExists(kubeconfig);
  }
}
