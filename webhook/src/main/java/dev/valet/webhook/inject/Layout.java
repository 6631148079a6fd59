package dev.valet.webhook.inject;

import dev.valet.allocator.lease.Lease;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the files of a lease are arranged under the mount path. Every layout mounts the same Secret;
 * a client layout only projects its keys to the paths that client reads (the volume's {@code
 * items}), so choosing a layout never changes what is stored.
 */
public enum Layout {
  /**
   * Valet's own layout, the whole Secret as it is. One key: {@code keystore.json}, {@code
   * password.txt}, {@code pubkey}. More keys: {@code keystore-<i>.json} for i from 0, the shared
   * {@code password.txt}, and {@code pubkeys} with one public key per line in the same order.
   */
  VALET(lease -> List.of()),
  /** {@code lighthouse/keystores/keystore-<i>.json} for {@code account validator import}. */
  LIGHTHOUSE(ClientLayouts::lighthouse),
  /** {@code teku/keys/keystore-<i>.json} with {@code teku/passwords/keystore-<i>.txt}. */
  TEKU(ClientLayouts::teku),
  /** {@code prysm/keystores/keystore-<i>.json} for {@code validator accounts import}. */
  PRYSM(ClientLayouts::prysm),
  /** {@code lodestar/keystores/keystore-<i>.json} for {@code validator import}. */
  LODESTAR(ClientLayouts::lodestar),
  /** {@code nimbus/validators/<0xpubkey>/keystore.json} with {@code nimbus/secrets/<0xpubkey>}. */
  NIMBUS(ClientLayouts::nimbus);

  private final Function<Lease, List<KeyToPath>> projection;

  Layout(Function<Lease, List<KeyToPath>> projection) {
    this.projection = projection;
  }

  /**
   * Where the lease's Secret values go under the mount path; empty for the whole Secret at the top
   * of the mount. Client layouts also put {@code password.txt}, {@code pubkeys} and {@code
   * slashing-protection.json} at the top.
   */
  public List<KeyToPath> items(Lease lease) {
    return projection.apply(lease);
  }

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
