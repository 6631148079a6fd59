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
 * {@code lodestar validator import --importKeystores <mount>/lodestar/keystores
 * --importKeystoresPassword <mount>/password.txt}.
 *
 * <p>Rules from ChainSafe/lodestar packages/cli: current releases ({@code
 * importKeystoreDefinitionsFromExternalDir}, {@code recursiveLookup}, {@code isVotingKeystore})
 * follow links and take every file below the path whose name ends in {@code .json} and is not a
 * {@code deposit_data-<n>.json}; older ones ({@code resolveKeystorePaths}) check the path itself
 * without following a link, read only that directory and take every file but deposit data. Both
 * must find the same keystores here. The password file is read with trailing line breaks removed
 * and must then be one line of at most 512 characters ({@code readPassphraseFile}).
 */
public final class LodestarReader implements ClientReader {
  private static final Pattern DEPOSIT_DATA = Pattern.compile("deposit_data-\\d+\\.json$");

  @Override
  public List<FoundKeystore> read(Path mount) throws IOException {
    String password = ClientFiles.withoutTrailingNewlines(mount.resolve("password.txt"));
    if (password.contains("\n") || password.length() > 512) {
      throw new IOException("Lodestar refuses a password file of several lines or over 512");
    }
    Path directory = mount.resolve("lodestar/keystores");
    if (!ClientFiles.isRealDirectory(directory)) {
      throw new IOException(
          "older Lodestar releases would read " + directory + " as one keystore file");
    }
    List<Path> current = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .filter(f -> !DEPOSIT_DATA.matcher(f.getFileName().toString()).find())
          .sorted()
          .forEach(current::add);
    }
    List<Path> older;
    try (Stream<Path> files = Files.list(directory)) {
      older = files.filter(f -> !DEPOSIT_DATA.matcher(f.toString()).find()).sorted().toList();
    }
    if (!older.equals(current)) {
      throw new IOException(
          "Lodestar releases disagree on the keystores: " + older + " " + current);
    }
    List<FoundKeystore> found = new ArrayList<>();
    for (Path file : current) {
      found.add(new FoundKeystore(file, ClientFiles.read(file), password, Optional.empty()));
    }
    return found;
  }
}
