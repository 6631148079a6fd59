package dev.valet.webhook.inject;

import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory trees the validator clients read, each a projection of the lease's flat Secret: no
 * file is stored twice, the kubelet writes the same Secret value wherever an item names it.
 *
 * <p>Every tree sits in a directory of its own below the mount path. The kubelet makes each
 * top-level name of a secret volume a symbolic link into a hidden, timestamped directory; the
 * directories below it are real. Clients that skip symbolic links while they search (Lighthouse,
 * Nimbus) or that check the path they are given without following one (older Lodestar releases)
 * therefore get a real directory that holds their files and nothing else.
 */
final class ClientLayouts {
  private ClientLayouts() {}

  /** Keystores named {@code keystore-<i>.json}, a name Lighthouse's import searches for. */
  static List<KeyToPath> lighthouse(Lease lease) {
    return numberedKeystores(lease, "lighthouse/keystores/");
  }

  /** Keystores alone in a directory: Prysm reads every file of {@code --keys-dir}. */
  static List<KeyToPath> prysm(Lease lease) {
    return numberedKeystores(lease, "prysm/keystores/");
  }

  /** Keystores alone in a directory: Lodestar takes every {@code .json} file below the path. */
  static List<KeyToPath> lodestar(Lease lease) {
    return numberedKeystores(lease, "lodestar/keystores/");
  }

  /** Teku pairs {@code keys/<name>.json} with {@code passwords/<name>.txt}. */
  static List<KeyToPath> teku(Lease lease) {
    List<KeyToPath> items = sharedFiles();
    for (LeasedKey key : lease.keys()) {
      String name = "keystore-" + key.position();
      items.add(new KeyToPath(LeaseFiles.keystoreFile(lease, key), "teku/keys/" + name + ".json"));
      items.add(new KeyToPath(LeaseFiles.PASSWORD, "teku/passwords/" + name + ".txt"));
    }
    return List.copyOf(items);
  }

  /**
   * Nimbus's own validators and secrets directories: {@code validators/<0xpubkey>/keystore.json}
   * and the password in {@code secrets/<0xpubkey>}.
   */
  static List<KeyToPath> nimbus(Lease lease) {
    List<KeyToPath> items = sharedFiles();
    for (LeasedKey key : lease.keys()) {
      items.add(
          new KeyToPath(
              LeaseFiles.keystoreFile(lease, key),
              "nimbus/validators/" + key.pubkey() + "/keystore.json"));
      items.add(new KeyToPath(LeaseFiles.PASSWORD, "nimbus/secrets/" + key.pubkey()));
    }
    return List.copyOf(items);
  }

  private static List<KeyToPath> numberedKeystores(Lease lease, String directory) {
    List<KeyToPath> items = sharedFiles();
    for (LeasedKey key : lease.keys()) {
      items.add(
          new KeyToPath(
              LeaseFiles.keystoreFile(lease, key),
              directory + "keystore-" + key.position() + ".json"));
    }
    return List.copyOf(items);
  }

  /** The password, the key list and the interchange file, at the top of every layout. */
  private static List<KeyToPath> sharedFiles() {
    List<KeyToPath> items = new ArrayList<>();
    items.add(new KeyToPath(LeaseFiles.PASSWORD, LeaseFiles.PASSWORD));
    items.add(new KeyToPath(LeaseFiles.PUBKEYS, LeaseFiles.PUBKEYS));
    items.add(new KeyToPath(LeaseFiles.SLASHING_PROTECTION, LeaseFiles.SLASHING_PROTECTION));
    return items;
  }
}
