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
 * {@code lighthouse account validator import --directory <mount>/lighthouse/keystores
 * --reuse-password --password-file <mount>/password.txt}.
 *
 * <p>Rules from sigp/lighthouse common/account_utils/src/validator_definitions.rs ({@code
 * recursively_find_voting_keystores}, {@code is_voting_keystore}) and
 * account_manager/src/validator/import.rs: the directory and its sub-directories are searched; an
 * entry counts by its own file type, so a symbolic link is neither searched nor imported; a file is
 * a keystore when its name ends in {@code .json} and is {@code voting-keystore.json} or contains
 * {@code keystore-m_12381_3600_<n>_0_0-<n>.json} or {@code keystore-<n>.json}; the one password
 * file, trailing line breaks removed, opens every keystore.
 */
public final class LighthouseReader implements ClientReader {
  private static final Pattern DEPOSIT_CLI =
      Pattern.compile("keystore-m_12381_3600_[0-9]+_0_0-[0-9]+.json");
  private static final Pattern PRYSM = Pattern.compile("keystore-[0-9]+.json");

  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    String password = ClientFiles.withoutTrailingNewlines(mount.resolve("password.txt"));
    List<FoundKeystore> found = new ArrayList<>();
    search(mount.resolve("lighthouse/keystores"), password, found);
    return found;
  }

  private static void search(Path directory, String password, List<FoundKeystore> found)
      throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        if (ClientFiles.isRealDirectory(entry)) {
          search(entry, password, found);
        } else if (ClientFiles.isRealFile(entry)
            && isVotingKeystore(entry.getFileName().toString())) {
          found.add(new FoundKeystore(entry, ClientFiles.read(entry), password, Optional.empty()));
        }
      }
    }
  }

  static boolean isVotingKeystore(String name) {
    return name.endsWith(".json")
        && (name.equals("voting-keystore.json")
            || DEPOSIT_CLI.matcher(name).find()
            || PRYSM.matcher(name).find());
  }
}
