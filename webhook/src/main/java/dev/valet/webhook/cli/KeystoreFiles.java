package dev.valet.webhook.cli;

import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The EIP-2335 keystores of a directory as the official deposit CLI writes them ({@code
 * keystore-m_12381_3600_<i>_0_0-<time>.json}, all under one password), each decrypted and checked:
 * its secret opens with the password and its {@code pubkey} is the secret's.
 */
final class KeystoreFiles {
  /** The most keystores one import takes: each costs a KDF run. */
  static final int LIMIT = 1000;

  private KeystoreFiles() {}

  /** One keystore, opened. */
  record Opened(Path file, BlsSecretKey secret, String path) {}

  static List<Path> list(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--keystore-dir " + directory + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .filter(file -> file.getFileName().toString().startsWith("keystore"))
              .filter(file -> file.getFileName().toString().endsWith(".json"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--keystore-dir: cannot list " + directory + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "--keystore-dir " + directory + " holds no keystore*.json files");
    }
    if (files.size() > LIMIT) {
      throw new IllegalArgumentException(
          "--keystore-dir holds "
              + files.size()
              + " keystores; import at most "
              + LIMIT
              + " at a time");
    }
    return files;
  }

  /**
   * Opens every keystore on {@code workers}, whose size bounds how many KDFs run at once.
   *
   * @throws IllegalArgumentException naming the first file that does not open
   */
  static List<Opened> open(List<Path> files, String password, WorkerExecutor workers) {
    List<Future<Opened>> opening = new ArrayList<>();
    for (Path file : files) {
      opening.add(workers.executeBlocking(() -> open(file, password), false));
    }
    List<Opened> opened = new ArrayList<>();
    for (Future<Opened> future : opening) {
      opened.add(StoreSession.await(future));
    }
    return opened;
  }

  private static Opened open(Path file, String password) {
    try {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      BlsSecretKey secret = Keystore.decrypt(json, password);
      return new Opened(file, secret, Keystore.inspect(json).path());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + e.getMessage());
    } catch (KeystoreException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage() + "; nothing was imported");
    }
  }
}
