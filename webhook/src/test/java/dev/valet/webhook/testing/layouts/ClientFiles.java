package dev.valet.webhook.testing.layouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** File reads shared by the client readers, each named for the rule it stands for. */
final class ClientFiles {
  private ClientFiles() {}

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A password file with trailing line breaks removed, as most clients read it. */
  static String withoutTrailingNewlines(Path file) {
    String text = read(file);
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  /** A directory entry's own type, not its link target's (Rust's and Nim's directory walks). */
  static boolean isRealDirectory(Path path) {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }

  static boolean isRealFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }
}
