package dev.valet.webhook.testing.layouts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Nimbus's validators and secrets directories, after the import step copied {@code
 * <mount>/nimbus/validators} and {@code <mount>/nimbus/secrets} into its data directory.
 *
 * <p>Rules from status-im/nimbus-eth2 beacon_chain/validators/keystore_management.nim ({@code
 * listLoadableKeystores}, {@code checkKeyName}, {@code loadLocalKeystoreImpl}, {@code
 * loadSecretFile}) and the Nimbus guide's data-dir page: each entry of the validators directory
 * that is itself a directory (not a link) and is named {@code 0x} and 96 hex digits holds {@code
 * keystore.json}; its password is the whole content of the secrets file of the same name.
 */
public final class NimbusReader implements ClientReader {
  private static final Pattern KEY_NAME = Pattern.compile("0x[0-9a-fA-F]{96}");

  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    Path validators = mount.resolve("nimbus/validators");
    Path secrets = mount.resolve("nimbus/secrets");
    List<FoundKeystore> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(validators)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (!ClientFiles.isRealDirectory(entry) || !KEY_NAME.matcher(name).matches()) {
          continue;
        }
        Path keystore = entry.resolve("keystore.json");
        if (!Files.isRegularFile(keystore)) {
          continue;
        }
        found.add(
            new FoundKeystore(
                keystore,
                ClientFiles.read(keystore),
                ClientFiles.read(secrets.resolve(name)),
                Optional.of(name)));
      }
    }
    return found;
  }
}
