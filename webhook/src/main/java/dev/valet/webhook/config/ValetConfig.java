package dev.valet.webhook.config;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.admin.AdminSettings;
import dev.valet.webhook.inject.SecretSizeLimit;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code valet serve} is told, read once at start and validated.
 *
 * @param namespace the namespace Valet runs in; its pods are never mutated
 * @param database the database; empty in local mode means an embedded Postgres
 * @param masterKeyFile the file with the key that encrypts pool passwords at rest
 * @param webhook the admission server
 * @param pools the pools, by the order given
 * @param local local mode's settings, present only in local mode
 * @param lifecycle how the lease reconciler paces itself (cluster mode)
 * @param kubeconfig the kubeconfig that reaches the cluster; empty means fabric8's own lookup
 *     (KUBECONFIG, ~/.kube/config, then the pod's service account)
 * @param admin the admin endpoint; empty: none (Valet embedded in tests or tools)
 */
public record ValetConfig(
    String namespace,
    Optional<DatabaseSettings> database,
    Path masterKeyFile,
    Webhook webhook,
    List<PoolSettings> pools,
    Optional<Local> local,
    Optional<Path> kubeconfig,
    ReconcilerSettings lifecycle,
    Optional<AdminSettings> admin) {

  /** Valet without an admin endpoint. */
  public ValetConfig(
      String namespace,
      Optional<DatabaseSettings> database,
      Path masterKeyFile,
      Webhook webhook,
      List<PoolSettings> pools,
      Optional<Local> local,
      Optional<Path> kubeconfig,
      ReconcilerSettings lifecycle) {
    this(
        namespace,
        database,
        masterKeyFile,
        webhook,
        pools,
        local,
        kubeconfig,
        lifecycle,
        Optional.empty());
  }

  /**
   * The admission server.
   *
   * @param host the address to listen on
   * @param port the HTTPS port; 0 picks a free one
   * @param tlsCertFile the serving certificate chain (PEM)
   * @param tlsKeyFile its private key (PEM)
   * @param admissionDeadline the longest an admission may take; well inside the webhook timeout
   * @param tlsMode where the serving certificate comes from; empty: files when tlsCertFile is given
   *     or in local mode, else managed
   * @param managedTls the Secret, names and rotation policy of managed mode
   */
  public record Webhook(
      String host,
      int port,
      Optional<Path> tlsCertFile,
      Optional<Path> tlsKeyFile,
      Duration admissionDeadline,
      Optional<TlsMode> tlsMode,
      ManagedTlsSettings managedTls) {

    /** The mode follows from the files: given, files; not given, managed (outside local mode). */
    public Webhook(
        String host,
        int port,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile,
        Duration admissionDeadline) {
      this(
          host,
          port,
          tlsCertFile,
          tlsKeyFile,
          admissionDeadline,
          Optional.empty(),
          ManagedTlsSettings.defaults());
    }
  }

  /**
   * Local mode: no cluster; Secrets are files and namespaces come from the command line.
   *
   * @param dataDir where the embedded database, the master key, the TLS files and the Secrets live
   * @param namespaces namespace to pool
   */
  public record Local(Path dataDir, Map<String, String> namespaces) {
    public Path secretsDir() {
      return dataDir.resolve("secrets");
    }
  }

  public ValetConfig {
    pools = List.copyOf(pools);
    Set<String> names = new HashSet<>();
    for (PoolSettings pool : pools) {
      if (!names.add(pool.name())) {
        throw new ConfigException("pools: the pool '" + pool.name() + "' is defined twice");
      }
      requireSecretFits(pool);
    }
    if (pools.isEmpty()) {
      throw new ConfigException("pools: define at least one pool");
    }
    if (webhook.port() < 0 || webhook.port() > 65535) {
      throw new ConfigException(
          "webhook.port must be from 1 to 65535 (0: any free port), is " + webhook.port());
    }
    if (webhook.tlsCertFile().isPresent() != webhook.tlsKeyFile().isPresent()) {
      throw new ConfigException(
          "webhook.tlsCertFile and webhook.tlsKeyFile go together: give both");
    }
    if (webhook.admissionDeadline().compareTo(Duration.ofMillis(500)) < 0
        || webhook.admissionDeadline().compareTo(Duration.ofSeconds(9)) > 0) {
      throw new ConfigException(
          "webhook.admissionDeadline must be from 500ms to 9s, inside the webhook's 10 s timeout");
    }
    if (local.isEmpty() && database.isEmpty()) {
      throw new ConfigException("database.url is required outside local mode");
    }
    database.ifPresent(settings -> requireInsideDeadline(settings, webhook.admissionDeadline()));
    if (webhook.tlsMode().equals(Optional.of(TlsMode.MANAGED))) {
      if (webhook.tlsCertFile().isPresent()) {
        throw new ConfigException(
            "webhook.tls.mode is managed, so Valet keeps the certificate in a Secret; remove"
                + " webhook.tlsCertFile and webhook.tlsKeyFile, or set webhook.tls.mode: files");
      }
      if (local.isPresent()) {
        throw new ConfigException(
            "webhook.tls.mode managed needs a cluster; local mode makes its own files");
      }
    }
    if (webhook.tlsMode().equals(Optional.of(TlsMode.FILES))
        && local.isEmpty()
        && webhook.tlsCertFile().isEmpty()) {
      throw new ConfigException(
          "webhook.tls.mode is files: give webhook.tlsCertFile and webhook.tlsKeyFile");
    }
    if (tlsModeOf(webhook, local) == TlsMode.MANAGED) {
      try {
        webhook.managedTls().servingNames(namespace);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "webhook.tls: the serving certificate's names cannot be made: " + e.getMessage());
      }
    }
    if (admin.isPresent() && admin.get().port() != 0 && admin.get().port() == webhook.port()) {
      throw new ConfigException(
          "admin.port and webhook.port are both " + webhook.port() + "; give each its own port");
    }
    if (local.isEmpty() && admin.isPresent() && admin.get().tokenFile().isPresent()) {
      throw new ConfigException(
          "admin.tokenFile is for local mode; in a cluster, RBAC decides who may use the admin"
              + " endpoint (see the README)");
    }
    if (local.isPresent() && kubeconfig.isPresent()) {
      throw new ConfigException("--kubeconfig is for cluster mode; local mode uses no cluster");
    }
    if (local.isPresent()) {
      for (Map.Entry<String, String> entry : local.get().namespaces().entrySet()) {
        if (!names.contains(entry.getValue())) {
          throw new ConfigException(
              "--namespace "
                  + entry.getKey()
                  + "="
                  + entry.getValue()
                  + " names a pool that is not defined (defined: "
                  + String.join(", ", names)
                  + ")");
        }
      }
    }
  }

  /** Where the serving certificate comes from, with the default applied. */
  public TlsMode tlsMode() {
    return tlsModeOf(webhook, local);
  }

  private static TlsMode tlsModeOf(Webhook webhook, Optional<Local> local) {
    return webhook
        .tlsMode()
        .orElse(
            webhook.tlsCertFile().isPresent() || local.isPresent()
                ? TlsMode.FILES
                : TlsMode.MANAGED);
  }

  /** This configuration with the admin endpoint {@code admin}. */
  public ValetConfig withAdmin(AdminSettings admin) {
    return new ValetConfig(
        namespace,
        database,
        masterKeyFile,
        webhook,
        pools,
        local,
        kubeconfig,
        lifecycle,
        Optional.of(admin));
  }

  /**
   * A database wait must end before the admission's deadline, so that the pod is denied with the
   * database's own reason and the work is undone at once; and a statement timeout of 0 would turn
   * the server's timeout off.
   */
  private static void requireInsideDeadline(DatabaseSettings database, Duration deadline) {
    Map<String, Duration> waits =
        Map.of(
            "database.statementTimeout", database.statementTimeout(),
            "database.connectTimeout", database.connectTimeout());
    for (Map.Entry<String, Duration> wait : waits.entrySet()) {
      Duration value = wait.getValue();
      if (value.isNegative() || value.isZero() || value.compareTo(deadline) >= 0) {
        throw new ConfigException(
            wait.getKey()
                + " is "
                + Durations.format(value)
                + "; it must be more than 0 and less than webhook.admissionDeadline ("
                + Durations.format(deadline)
                + "), so that a slow database is reported before the admission gives up");
      }
    }
  }

  /** A pod's Secret holds all its keystores: its pool's maxKeysPerPod must fit in one Secret. */
  private static void requireSecretFits(PoolSettings pool) {
    int fits = SecretSizeLimit.maxKeysPerPod(pool);
    if (pool.maxKeysPerPod() > fits) {
      throw new ConfigException(
          "pools."
              + pool.name()
              + ".maxKeysPerPod is "
              + pool.maxKeysPerPod()
              + ", but a pod's keys share one Secret and Kubernetes caps a Secret at 1 MiB: with "
              + pool.kdf().name().toLowerCase(Locale.ROOT)
              + " keystores at most "
              + fits
              + " fit; set maxKeysPerPod to "
              + fits
              + " or less");
    }
  }

  /** The namespaces whose pods are never mutated. */
  public Set<String> exemptNamespaces() {
    return Set.of("kube-system", namespace);
  }
}
