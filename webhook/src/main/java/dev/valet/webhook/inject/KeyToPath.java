package dev.valet.webhook.inject;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One entry of a secret volume's {@code items}: the kubelet writes the Secret's value under {@code
 * key} to the file {@code path}, relative to the mount. Several entries may name the same key.
 *
 * @param key a key of the lease's Secret
 * @param path where the file appears under the mount path, without a leading '/'
 */
public record KeyToPath(String key, String path) {
  public KeyToPath {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("a projected path is relative and has no '..': " + path);
    }
  }

  /** The item as the pod spec writes it. */
  public JsonObject toJson() {
    return new JsonObject().put("key", key).put("path", path);
  }
}
