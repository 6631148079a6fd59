package dev.valet.webhook.manifests;

import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code valet.yaml} a build ships in its ConfigMap, read by Valet's own {@link ConfigFile}.
 * The files it names under {@code /etc/valet/} (the mounted Secrets) are stood in for by files in a
 * temporary directory, as the kubelet would mount them.
 */
final class ValetConfigs {
  static final String CONFIG_MAP = "valet-config";
  static final String FILE = "valet.yaml";
  static final String MOUNTS = "/etc/valet/";

  private ValetConfigs() {}

  /** The shipped file's text. */
  static String text(ShippedManifests build) {
    return build.one(ConfigMap.class, CONFIG_MAP).getData().get(FILE);
  }

  /** The shipped file, as Valet reads it. */
  static ConfigFile.Contents of(ShippedManifests build) throws IOException {
    return read(text(build), Map.of());
  }

  /** The file with each key of {@code fillIns} replaced by its value, as Valet reads it. */
  static ConfigFile.Contents read(String yaml, Map<String, String> fillIns) throws IOException {
    Path mounts = Files.createTempDirectory("valet-mounts-");
    Files.createDirectories(mounts.resolve("database"));
    Files.writeString(mounts.resolve("database/password"), "a-password");
    String text = yaml.replace(MOUNTS, mounts + "/");
    for (Map.Entry<String, String> fillIn : fillIns.entrySet()) {
      text = text.replace(fillIn.getKey(), fillIn.getValue());
    }
    Path file = mounts.resolve(FILE);
    Files.writeString(file, text);
    try {
      return ConfigFile.read(file);
    } finally {
      Files.delete(file);
      Files.delete(mounts.resolve("database/password"));
      Files.delete(mounts.resolve("database"));
      Files.delete(mounts);
    }
  }
}
