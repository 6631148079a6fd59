package dev.valet.webhook.cli;

import dev.valet.certs.Rotator;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.tls.CaBundlePublisher;
import dev.valet.webhook.tls.CertificateRotation;
import dev.valet.webhook.tls.CertificateRotation.Force;
import dev.valet.webhook.tls.IncompleteRotationException;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.RotationReport;
import dev.valet.webhook.tls.TlsMode;
import dev.valet.webhook.tls.TlsSecretStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valet certs}: one pass of managed TLS, then exit; for a Job before the Deployment. */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the webhook's TLS material current once and exits, as a Job does before Valet's"
          + " Deployment starts: creates the CA and serving certificate in the TLS Secret if they"
          + " are missing, renews what is due, continues a CA rotation under way, and sets the"
          + " caBundle of the MutatingWebhookConfiguration to the Secret's ca.crt. It prints what"
          + " changed. Safe to run while Valet serves: every write is conditional on what was"
          + " read.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the Secret and the caBundle are current (changed or not)",
      "1:could not finish: the API failed, other writers kept conflicting, the Secret holds"
          + " something Valet cannot use, or the MutatingWebhookConfiguration is missing",
      "2:wrong usage or configuration"
    })
public final class CertsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", description = "The configuration file (YAML); webhook.tls is read.")
  Path config;

  @Option(
      names = "--kubeconfig",
      description =
          "The kubeconfig file that reaches the cluster (default: KUBECONFIG, ~/.kube/config, then"
              + " the pod's service account).")
  Path kubeconfig;

  @ArgGroup(exclusive = true)
  Forced forced = new Forced();

  static final class Forced {
    @Option(
        names = "--renew-leaf",
        description = "Issue a new serving certificate even if the current one is not due.")
    boolean renewLeaf;

    @Option(
        names = "--rotate-ca",
        description =
            "Start a CA rotation now. One run does phase 1 only: a new CA joins the caBundle next"
                + " to the old one, which still signs. Once that caBundle has been published for"
                + " webhook.tls.caOverlap, a later run (or the serving leader, every"
                + " rotationInterval) lets the new CA sign (phase 2); the old CA leaves the"
                + " caBundle when its last certificate has expired (phase 3).")
    boolean rotateCa;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigFile.Contents file =
        config == null ? ConfigFile.Contents.empty() : ConfigFile.read(config);
    requireManaged(file);
    String namespace = ServeCommand.ownNamespace(file);
    ManagedTlsSettings settings = file.managedTls();
    CertificateRotation.Outcome outcome;
    try (KubernetesClient client = client()) {
      TlsSecretStore store = new TlsSecretStore(client, namespace, settings.secretName());
      CaBundlePublisher bundle = new CaBundlePublisher(client, settings.webhookConfiguration());
      outcome =
          new CertificateRotation(store, bundle, rotator(settings, namespace), Clock.systemUTC())
              .run(force());
      out.println(store.describe() + ", " + bundle.describe() + ":");
    } catch (ConfigException e) {
      throw e;
    } catch (IncompleteRotationException e) {
      out.println("Stored, but not published:");
      RotationReport.lines(e.stored()).forEach(line -> out.println("  " + line));
      out.flush();
      err.println("valet certs: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("valet certs: " + e.getMessage());
      return 1;
    }
    RotationReport.lines(outcome).forEach(line -> out.println("  " + line));
    out.flush();
    return 0;
  }

  private Force force() {
    if (forced.renewLeaf) {
      return Force.LEAF;
    }
    return forced.rotateCa ? Force.CA : Force.NOTHING;
  }

  private static Rotator rotator(ManagedTlsSettings settings, String namespace) {
    try {
      return settings.rotator(namespace);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "webhook.tls: the serving certificate's names cannot be made: " + e.getMessage());
    }
  }

  private static void requireManaged(ConfigFile.Contents file) {
    boolean files =
        file.tlsMode().map(mode -> mode == TlsMode.FILES).orElse(file.tlsCertFile().isPresent());
    if (files) {
      throw new ConfigException(
          "webhook.tls is in file mode (webhook.tlsCertFile or mode: files): the certificate"
              + " comes from files, so valet certs has nothing to do");
    }
  }

  private KubernetesClient client() {
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    Optional<Path> file = Optional.ofNullable(kubeconfig);
    if (file.isPresent()) {
      if (!Files.isReadable(file.get())) {
        throw new ConfigException("--kubeconfig: cannot read " + file.get());
      }
      builder.withConfig(Config.fromKubeconfig(file.get().toFile()));
    }
    return builder.build();
  }
}
