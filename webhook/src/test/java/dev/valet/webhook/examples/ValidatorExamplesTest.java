package dev.valet.webhook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.admission.Injection;
import dev.valet.webhook.admission.PodPolicy;
import dev.valet.webhook.admission.PodRequest;
import dev.valet.webhook.inject.Layout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client examples in manifests/examples parse as StatefulSets whose pods Valet serves in the
 * layout named after the file, and whose import steps read the files that layout mounts.
 */
class ValidatorExamplesTest {
  private static final Path EXAMPLES = Path.of("../manifests/examples");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @ParameterizedTest
  @ValueSource(strings = {"lighthouse", "teku", "prysm", "lodestar", "nimbus"})
  void theExampleAsksForItsClientsLayoutAndValetWouldServeItsPods(String client) throws Exception {
    StatefulSet statefulSet = read(client);
    PodTemplateSpec template = statefulSet.getSpec().getTemplate();
    Map<String, String> annotations = template.getMetadata().getAnnotations();

    assertThat(template.getMetadata().getLabels()).containsEntry(ValetLabels.VALIDATOR, "true");
    assertThat(annotations).containsEntry(ValetLabels.LAYOUT, client);
    assertThat(Layout.fromLabel(client)).isPresent();
    PodPolicy.Decision decision = PodPolicy.decide(pod(template), 200);
    assertThat(decision).isInstanceOf(PodPolicy.Decision.Inject.class);
    Injection injection = ((PodPolicy.Decision.Inject) decision).injection();
    assertThat(injection.layout().label()).isEqualTo(client);
    assertThat(injection.keyCount()).isEqualTo(Integer.parseInt(annotations.get(ValetLabels.KEYS)));
    assertThat(injection.initContainers())
        .extracting(PodRequest.Container::name)
        .containsExactlyElementsOf(
            template.getSpec().getInitContainers().stream().map(Container::getName).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lighthouse", "teku", "prysm", "lodestar", "nimbus"})
  void theInitContainersImportTheLayoutsKeysAndTheSlashingProtectionFile(String client)
      throws Exception {
    List<Container> steps = read(client).getSpec().getTemplate().getSpec().getInitContainers();
    String commands =
        String.join(
            "\n",
            steps.stream()
                .flatMap(c -> Stream.concat(list(c.getCommand()), list(c.getArgs())))
                .toList());

    assertThat(commands)
        .contains(ValetLabels.DEFAULT_MOUNT_PATH + "/" + client + "/")
        .contains(ValetLabels.DEFAULT_MOUNT_PATH + "/slashing-protection.json");
    assertThat(steps)
        .allSatisfy(step -> assertThat(step.getImage()).doesNotEndWith(":latest").contains(":"));
  }

  private static StatefulSet read(String client) throws Exception {
    return YAML.unmarshal(Files.readString(EXAMPLES.resolve(client + ".yaml")), StatefulSet.class);
  }

  /** The pod the StatefulSet's template makes, as admission reads it. */
  private static PodRequest pod(PodTemplateSpec template) throws Exception {
    JsonObject pod =
        new JsonObject()
            .put("metadata", new JsonObject(YAML.asJson(template.getMetadata())))
            .put("spec", new JsonObject(YAML.asJson(template.getSpec())));
    return PodRequest.parse(pod);
  }

  private static Stream<String> list(List<String> values) {
    return values == null ? Stream.empty() : values.stream();
  }
}
