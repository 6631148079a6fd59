package dev.valet.webhook.tls;

import dev.valet.certs.InvalidTlsMaterialException;
import dev.valet.certs.TlsMaterial;
import dev.valet.certs.TlsSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the one Secret of type {@code kubernetes.io/tls} that holds the webhook's TLS
 * material ({@link TlsSecret} names its keys). Every write is conditional: a create fails if the
 * Secret exists, a replace fails unless the Secret still has the version that was read. Either
 * failure is a {@link TlsConflictException}, so two writers (a {@code valet certs} Job and the
 * leader) never overwrite each other's material unseen. Calls block: run them off the event loop.
 */
public final class TlsSecretStore {
  public static final String SECRET_TYPE = "kubernetes.io/tls";
  static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "valet");

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public TlsSecretStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /**
   * The stored material; empty when there is no Secret.
   *
   * @throws InvalidTlsMaterialException if the Secret exists but is not TLS material Valet can use;
   *     Valet never overwrites such a Secret
   */
  public Optional<StoredTls> read() {
    Secret secret = secret().get();
    if (secret == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredTls(materialOf(secret), secret.getMetadata().getResourceVersion()));
  }

  /** Creates the Secret; a conflict if it exists already. */
  public StoredTls create(TlsMaterial material) {
    try {
      Secret created =
          client.secrets().inNamespace(namespace).resource(toSecret(material)).create();
      return new StoredTls(material, created.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      throw conflictOr(e, describe() + " was created by someone else meanwhile");
    }
  }

  /** Replaces the material; a conflict unless the Secret is still at {@code resourceVersion}. */
  public StoredTls replace(TlsMaterial material, String resourceVersion) {
    Secret secret = toSecret(material);
    secret.getMetadata().setResourceVersion(resourceVersion);
    try {
      Secret updated = client.secrets().inNamespace(namespace).resource(secret).update();
      return new StoredTls(material, updated.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      throw conflictOr(
          e, describe() + " changed since it was read (version " + resourceVersion + ")");
    }
  }

  /** {@code Secret <namespace>/<name>}, for messages. */
  public String describe() {
    return "Secret " + namespace + "/" + name;
  }

  /**
   * The material a Secret holds.
   *
   * @throws InvalidTlsMaterialException naming the Secret and what is wrong with it
   */
  TlsMaterial materialOf(Secret secret) {
    if (!SECRET_TYPE.equals(secret.getType())) {
      throw new InvalidTlsMaterialException(
          describe()
              + " has type "
              + secret.getType()
              + ", not "
              + SECRET_TYPE
              + "; Valet leaves it alone: delete it, or name another in webhook.tls.secretName");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Map<String, String> encoded = secret.getData() == null ? Map.of() : secret.getData();
    try {
      encoded.forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
      return TlsSecret.fromData(data);
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsMaterialException(
          describe()
              + " does not hold TLS material Valet can use ("
              + e.getMessage()
              + "); Valet leaves it alone: delete it and Valet makes new material");
    }
  }

  private Resource<Secret> secret() {
    return client.secrets().inNamespace(namespace).withName(name);
  }

  private Secret toSecret(TlsMaterial material) {
    Map<String, String> data = new LinkedHashMap<>();
    TlsSecret.toData(material)
        .forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value)));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(LABELS)
        .endMetadata()
        .withType(SECRET_TYPE)
        .withData(data)
        .build();
  }

  private static RuntimeException conflictOr(KubernetesClientException e, String conflict) {
    if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
      return new TlsConflictException(conflict);
    }
    return e;
  }
}
