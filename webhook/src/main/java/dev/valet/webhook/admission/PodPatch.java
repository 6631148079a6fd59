package dev.valet.webhook.admission;

import dev.valet.webhook.ValetLabels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The RFC 6902 JSON Patch that injects a lease into a pod. It only adds: a label, annotations, a
 * secret volume and a read-only mount per target container and per init container the pod named.
 * Where a map or list does not exist yet it is added whole; otherwise entries are appended to it.
 * Keys are escaped per RFC 6901.
 */
public final class PodPatch {
  /** Owner read-only: the keys are secret. */
  static final int SECRET_FILE_MODE = 0400;

  private PodPatch() {}

  /**
   * Builds the patch.
   *
   * @param pod the pod as admitted
   * @param injection what the pod gets
   * @param leaseLabel the lease id, the value of the lease label
   * @param annotations the annotations to add (public keys)
   * @param volume the secret volume, with its name and source
   */
  public static JsonArray build(
      PodRequest pod,
      Injection injection,
      String leaseLabel,
      Map<String, String> annotations,
      JsonObject volume) {
    JsonArray patch = new JsonArray();
    addEntries(patch, "/metadata/labels", pod.hasLabels(), Map.of(ValetLabels.LEASE, leaseLabel));
    addEntries(patch, "/metadata/annotations", pod.hasAnnotations(), annotations);
    addToList(patch, "/spec/volumes", pod.hasVolumes(), volume);
    JsonObject mount =
        new JsonObject()
            .put("name", ValetLabels.VOLUME)
            .put("mountPath", injection.mountPath())
            .put("readOnly", true);
    for (PodRequest.Container container : injection.containers()) {
      addToList(
          patch,
          "/spec/containers/" + container.index() + "/volumeMounts",
          container.hasVolumeMounts(),
          mount.copy());
    }
    for (PodRequest.Container container : injection.initContainers()) {
      addToList(
          patch,
          "/spec/initContainers/" + container.index() + "/volumeMounts",
          container.hasVolumeMounts(),
          mount.copy());
    }
    return patch;
  }

  private static void addEntries(
      JsonArray patch, String path, boolean exists, Map<String, String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    if (!exists) {
      JsonObject whole = new JsonObject();
      entries.forEach(whole::put);
      patch.add(add(path, whole));
      return;
    }
    entries.forEach((key, value) -> patch.add(add(path + "/" + escape(key), value)));
  }

  private static void addToList(JsonArray patch, String path, boolean exists, JsonObject item) {
    if (exists) {
      patch.add(add(path + "/-", item));
    } else {
      patch.add(add(path, new JsonArray(List.of(item))));
    }
  }

  private static JsonObject add(String path, Object value) {
    return new JsonObject().put("op", "add").put("path", path).put("value", value);
  }

  /** RFC 6901: '~' becomes "~0" and '/' becomes "~1", in that order. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
