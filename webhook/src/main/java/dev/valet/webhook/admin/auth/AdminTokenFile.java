package dev.valet.webhook.admin.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The static admin token of local mode, kept in a file only its owner may read. */
public final class AdminTokenFile {
  private AdminTokenFile() {}

  /**
   * The token in {@code file}.
   *
   * @throws IllegalStateException if the file cannot be read or holds no token
   */
  public static String read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "admin.tokenFile: cannot read " + file + ": " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      throw new IllegalStateException("admin.tokenFile: " + file + " holds no token");
    }
    return token;
  }

  /**
   * Writes a new random token (32 bytes, as 64 hex digits) to {@code file}, readable by its owner
   * only, unless the file exists.
   *
   * @return true when a token was written
   */
  public static boolean createIfAbsent(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII);
    return true;
  }
}
