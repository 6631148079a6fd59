package dev.valet.webhook.admission;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a pod that admission reads: regular and init containers. Ephemeral containers are
 * never given keys; init containers only when the pod names them.
 *
 * @param name the pod's name, empty when the API server will generate it
 * @param generateName the prefix of a generated name
 * @param labels the labels
 * @param annotations the annotations
 * @param hasLabels whether metadata.labels exists, which decides the shape of the patch
 * @param hasAnnotations whether metadata.annotations exists
 * @param hasVolumes whether spec.volumes exists
 * @param volumeNames the names of the pod's volumes
 * @param containers the regular containers in order
 * @param initContainers the init containers in order
 */
public record PodRequest(
    String name,
    String generateName,
    Map<String, String> labels,
    Map<String, String> annotations,
    boolean hasLabels,
    boolean hasAnnotations,
    boolean hasVolumes,
    Set<String> volumeNames,
    List<Container> containers,
    List<Container> initContainers) {

  /**
   * A regular container.
   *
   * @param index its position in spec.containers (or spec.initContainers)
   * @param name its name
   * @param hasVolumeMounts whether volumeMounts exists
   * @param mountPaths the paths it already mounts something at
   * @param mountedVolumes the names of the volumes it already mounts
   */
  public record Container(
      int index,
      String name,
      boolean hasVolumeMounts,
      Set<String> mountPaths,
      Set<String> mountedVolumes) {}

  /** Reads the pod from the review's object. */
  public static PodRequest parse(JsonObject pod) throws BadReviewException {
    if (pod == null) {
      throw new BadReviewException("request.object is missing: a pod CREATE carries the pod");
    }
    String kind = JsonFields.optionalString(pod, "kind", "request.object.kind").orElse("Pod");
    if (!"Pod".equals(kind)) {
      throw new BadReviewException("request.object is a " + kind + ", not a Pod");
    }
    JsonObject metadata =
        JsonFields.optionalObject(pod, "metadata", "request.object.metadata")
            .orElseGet(JsonObject::new);
    JsonObject spec = JsonFields.object(pod, "spec", "request.object.spec");
    Optional<JsonArray> volumes = JsonFields.optionalArray(spec, "volumes", "spec.volumes");
    return new PodRequest(
        JsonFields.optionalString(metadata, "name", "metadata.name").orElse(""),
        JsonFields.optionalString(metadata, "generateName", "metadata.generateName").orElse(""),
        JsonFields.stringMap(metadata, "labels", "metadata.labels"),
        JsonFields.stringMap(metadata, "annotations", "metadata.annotations"),
        metadata.getValue("labels") != null,
        metadata.getValue("annotations") != null,
        volumes.isPresent(),
        names(volumes.orElseGet(JsonArray::new), "spec.volumes"),
        containers(spec, "containers"),
        containers(spec, "initContainers"));
  }

  private static Set<String> names(JsonArray items, String path) throws BadReviewException {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = JsonFields.element(items, i, path);
      names.add(JsonFields.optionalString(item, "name", path + "[" + i + "].name").orElse(""));
    }
    return names;
  }

  private static List<Container> containers(JsonObject spec, String field)
      throws BadReviewException {
    String where = "spec." + field;
    JsonArray items = JsonFields.optionalArray(spec, field, where).orElseGet(JsonArray::new);
    if (items.isEmpty() && field.equals("containers")) {
      throw new BadReviewException("spec.containers is empty: a pod needs a container");
    }
    List<Container> containers = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = where + "[" + i + "]";
      JsonObject container = JsonFields.element(items, i, where);
      Optional<JsonArray> mounts =
          JsonFields.optionalArray(container, "volumeMounts", path + ".volumeMounts");
      Set<String> mountPaths = new HashSet<>();
      Set<String> mountedVolumes = new HashSet<>();
      JsonArray mountItems = mounts.orElseGet(JsonArray::new);
      for (int m = 0; m < mountItems.size(); m++) {
        JsonObject mount = JsonFields.element(mountItems, m, path + ".volumeMounts");
        JsonFields.optionalString(mount, "mountPath", path + ".volumeMounts[" + m + "].mountPath")
            .ifPresent(mountPaths::add);
        JsonFields.optionalString(mount, "name", path + ".volumeMounts[" + m + "].name")
            .ifPresent(mountedVolumes::add);
      }
      containers.add(
          new Container(
              i,
              JsonFields.string(container, "name", path + ".name"),
              mounts.isPresent(),
              mountPaths,
              mountedVolumes));
    }
    return containers;
  }

  /** The name for messages: the name, or the generateName prefix followed by a star. */
  public String displayName() {
    return name.isEmpty() ? generateName + "*" : name;
  }
}
