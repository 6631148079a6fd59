package dev.valet.webhook.testing.layouts;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code validator accounts import --keys-dir=<mount>/prysm/keystores
 * --account-password-file=<mount>/password.txt}.
 *
 * <p>Rules from prysmaticlabs/prysm validator/accounts/accounts_import.go ({@code Import}, {@code
 * readKeystoreFile}): only the directory itself is read, not sub-directories; every other entry is
 * read as a file, and one that is not JSON or has no {@code pubkey} is skipped, while one that
 * cannot be read stops the import; the password file's bytes are used as they are, line breaks
 * included, for every keystore.
 */
public final class PrysmReader implements ClientReader {
  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    String password = ClientFiles.read(mount.resolve("password.txt"));
    List<FoundKeystore> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(mount.resolve("prysm/keystores"))) {
      for (Path entry : entries.sorted().toList()) {
        if (ClientFiles.isRealDirectory(entry)) {
          continue;
        }
        if (Files.isDirectory(entry)) {
          throw new IOException("Prysm stops: " + entry + " links to a directory it cannot read");
        }
        String content = ClientFiles.read(entry);
        if (hasPubkey(content)) {
          found.add(new FoundKeystore(entry, content, password, Optional.empty()));
        }
      }
    }
    return found;
  }

  private static boolean hasPubkey(String content) {
    try {
      String pubkey = new JsonObject(content).getString("pubkey");
      return pubkey != null && !pubkey.isEmpty();
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }
}
