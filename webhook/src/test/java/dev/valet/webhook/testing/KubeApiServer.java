package dev.valet.webhook.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real kube-apiserver that end-to-end tests run against, named by the kubeconfig in {@value
 * #KUBECONFIG_VARIABLE}. Without it those tests are skipped, saying how to provide one; {@code
 * .ci/run} starts a server and sets the variable, so CI runs them all.
 */
public final class KubeApiServer {
  public static final String KUBECONFIG_VARIABLE = "VALET_TEST_KUBECONFIG";

  /** Why a test was skipped, and how to run it. */
  public static final String HOW_TO_PROVIDE =
      "no real kube-apiserver: set "
          + KUBECONFIG_VARIABLE
          + " to the kubeconfig of one to run this test (.ci/run starts one with the envtest"
          + " scripts and sets it)";

  private KubeApiServer() {}

  /**
   * The kubeconfig file; skips the calling test when the variable is not set.
   *
   * @throws IllegalStateException if the variable names a file that cannot be read
   */
  public static Path kubeconfig() {
    String value = System.getenv(KUBECONFIG_VARIABLE);
    assumeTrue(value != null && !value.isBlank(), HOW_TO_PROVIDE);
    Path file = Path.of(value);
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          KUBECONFIG_VARIABLE + " names " + file + ", which cannot be read");
    }
    return file;
  }

  /**
   * A client with the credentials of the kubeconfig. It does not retry: a test sees what the API
   * server answered to one request.
   */
  public static KubernetesClient client(Path kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig.toFile());
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The address of the API server the kubeconfig names. */
  public static URI server(Path kubeconfig) {
    return URI.create(Config.fromKubeconfig(kubeconfig.toFile()).getMasterUrl());
  }

  /**
   * Writes a copy of {@code kubeconfig} to {@code copy} whose clusters are reached at {@code
   * https://127.0.0.1:<port>} instead, with the same credentials and CA: the API server's
   * certificate names 127.0.0.1, so TLS through a proxy on that port still verifies.
   */
  public static Path throughPort(Path kubeconfig, int port, Path copy) throws IOException {
    String text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
    String rewritten = text.replaceAll("(?m)^(\\s*server:\\s*).*$", "$1https://127.0.0.1:" + port);
    if (rewritten.equals(text)) {
      throw new IllegalStateException(kubeconfig + " names no server to rewrite");
    }
    Files.writeString(copy, rewritten, StandardCharsets.UTF_8);
    return copy;
  }
}
