package dev.valet.webhook.testing.layouts;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code --validator-keys=<keys>:<passwords>} after the import step copied {@code
 * <mount>/teku/keys} and {@code <mount>/teku/passwords}; the copy keeps names, so the rules apply
 * to the mounted tree as they do to the copy.
 *
 * <p>Rules from Consensys/teku {@code KeyStoreFilesLocator} and the validator-keys option's
 * documentation: the keys directory is walked following links; every regular, not hidden file
 * ending in {@code .json} (deposit data aside) is a keystore; its password is the file of the same
 * relative directory and base name with {@code .txt} in the passwords directory, which must exist.
 */
public final class TekuReader implements ClientReader {
  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    Path keys = mount.resolve("teku/keys");
    Path passwords = mount.resolve("teku/passwords");
    List<FoundKeystore> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(keys, FileVisitOption.FOLLOW_LINKS)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || !name.endsWith(".json") || name.startsWith("deposit_data-")) {
          continue;
        }
        Path relative = keys.relativize(file.getParent());
        Path password =
            passwords
                .resolve(relative)
                .resolve(name.substring(0, name.length() - ".json".length()) + ".txt");
        if (!Files.isRegularFile(password)) {
          throw new IOException("Teku stops: no password file " + password + " for " + file);
        }
        found.add(
            new FoundKeystore(
                file, ClientFiles.read(file), ClientFiles.read(password), Optional.empty()));
      }
    }
    return found;
  }
}
