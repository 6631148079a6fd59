package dev.valet.webhook.inject;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the files of a lease are arranged in the mounted directory. */
public enum Layout {
  /**
   * Valet's own layout. One key: {@code keystore.json}, {@code password.txt}, {@code pubkey}. More
   * keys: {@code keystore-<i>.json} for i from 0, the shared {@code password.txt}, and {@code
   * pubkeys} with one public key per line in the same order.
   */
  VALET;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Layout> fromLabel(String label) {
    return Arrays.stream(values()).filter(l -> l.label().equals(label)).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Layout::label).collect(Collectors.joining(", "));
  }
}
