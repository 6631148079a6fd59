package dev.valet.webhook.testing.layouts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a secret volume the way the kubelet's atomic writer does, so that clients' searches meet
 * the same tree: the files go into a hidden, timestamped directory, {@code ..data} links to it, and
 * each top-level name of the volume is a symbolic link through {@code ..data}. Directories below
 * the top level are real. With {@code items}, only the listed keys appear, each at its path (a key
 * may be listed more than once); without, every key appears under its own name. Files get the
 * volume's {@code defaultMode}.
 */
public final class KubeletVolume {
  private static final String DATA_LINK = "..data";
  private static final String TIMESTAMPED = "..2026_01_01_00_00_00.000000001";

  private KubeletVolume() {}

  /**
   * Writes the volume under {@code mount}, which must not exist yet.
   *
   * @param volume the pod's volume as the patch adds it ({@code name}, {@code secret})
   * @param data the Secret's data
   */
  public static Path write(JsonObject volume, Map<String, byte[]> data, Path mount)
      throws IOException {
    JsonObject secret = volume.getJsonObject("secret");
    Map<String, byte[]> payload = payload(secret.getJsonArray("items"), data);
    Files.createDirectories(mount);
    Path timestamped = Files.createDirectory(mount.resolve(TIMESTAMPED));
    Set<PosixFilePermission> mode = permissions(secret.getInteger("defaultMode", 0644));
    Set<String> topLevel = new TreeSet<>();
    for (Map.Entry<String, byte[]> file : payload.entrySet()) {
      Path target = timestamped.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
      Files.setPosixFilePermissions(target, mode);
      topLevel.add(Path.of(file.getKey()).getName(0).toString());
    }
    Files.createSymbolicLink(mount.resolve(DATA_LINK), Path.of(TIMESTAMPED));
    for (String name : topLevel) {
      Files.createSymbolicLink(mount.resolve(name), Path.of(DATA_LINK, name));
    }
    return mount;
  }

  private static Map<String, byte[]> payload(JsonArray items, Map<String, byte[]> data) {
    if (items == null) {
      return data;
    }
    Map<String, byte[]> payload = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      byte[] value = data.get(item.getString("key"));
      if (value == null) {
        throw new IllegalStateException(
            "the kubelet cannot mount the volume: items name the key '"
                + item.getString("key")
                + "', which the Secret lacks");
      }
      payload.put(item.getString("path"), value);
    }
    return payload;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = new HashSet<>();
    PosixFilePermission[] bits = PosixFilePermission.values();
    // PosixFilePermission lists owner read/write/execute, then group, then others: bit 8 down to 0.
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
