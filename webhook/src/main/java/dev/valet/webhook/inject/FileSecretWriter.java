package dev.valet.webhook.inject;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Local mode's stand-in for the Kubernetes API: each Secret is a directory {@code
 * <root>/<namespace>/<name>/} with one file per key, readable by its owner only. A Secret appears
 * whole or not at all: it is written to a temporary directory and renamed into place.
 */
public final class FileSecretWriter implements SecretWriter {
  private final Vertx vertx;
  private final Path root;

  public FileSecretWriter(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root;
  }

  @Override
  public Future<Void> write(LeaseSecret secret) {
    return vertx.executeBlocking(
        () -> {
          writeNow(secret);
          return null;
        },
        false);
  }

  @Override
  public Future<Void> delete(String namespace, String name) {
    return vertx.executeBlocking(
        () -> {
          deleteTree(directory(namespace, name));
          return null;
        },
        false);
  }

  /** The directory of a Secret. */
  public Path directory(String namespace, String name) {
    return root.resolve(namespace).resolve(name);
  }

  private void writeNow(LeaseSecret secret) throws IOException {
    Path target = directory(secret.namespace(), secret.name());
    if (Files.isDirectory(target)) {
      requireSameKeys(secret, target);
      return;
    }
    Path parent = Files.createDirectories(target.getParent());
    Path staging = parent.resolve("." + secret.name() + "." + UUID.randomUUID());
    Files.createDirectory(
        staging,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      for (Map.Entry<String, byte[]> file : secret.data().entrySet()) {
        Path path = staging.resolve(file.getKey());
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(path, file.getValue());
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileSystemException e) {
      // Another writer of the same lease won the rename; its Secret is the same one.
      if (!Files.isDirectory(target)) {
        throw e;
      }
      requireSameKeys(secret, target);
    } finally {
      deleteTree(staging);
    }
  }

  private static void requireSameKeys(LeaseSecret secret, Path target) throws IOException {
    Path pubkeys = target.resolve(LeaseFiles.PUBKEYS);
    byte[] stored = Files.isRegularFile(pubkeys) ? Files.readAllBytes(pubkeys) : null;
    secret.requireSameKeysAs(stored, "this lease");
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(FileSecretWriter::deleteOne);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
