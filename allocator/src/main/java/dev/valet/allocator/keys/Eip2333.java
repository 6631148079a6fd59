package dev.valet.allocator.keys;

import java.util.Objects;
import supranational.blst.SecretKey;

/**
 * EIP-2333 hierarchical derivation of BLS12-381 secret keys from a seed, by blst.
 *
 * <p>The seed normally comes from {@link Mnemonic#seed(String)}; paths come from {@link Eip2334}.
 */
public final class Eip2333 {

  /** EIP-2333 derive_master_SK: the seed must carry at least 256 bits. */
  public static final int MIN_SEED_LENGTH = 32;

  private Eip2333() {}

  /** EIP-2333 derive_master_SK: the tree's root key. */
  public static BlsSecretKey deriveMaster(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length < MIN_SEED_LENGTH) {
      throw new IllegalArgumentException(
          "seed must be at least 32 bytes (EIP-2333), got " + seed.length + " bytes");
    }
    SecretKey master = new SecretKey();
    try {
      master.derive_master_eip2333(seed);
      return BlsSecretKey.fromNative(master);
    } finally {
      Bls12381.wipe(master);
    }
  }

  /** EIP-2333 derive_child_SK: the child of {@code parent} at {@code index} in [0, 2^32). */
  public static BlsSecretKey deriveChild(BlsSecretKey parent, long index) {
    Objects.requireNonNull(parent, "parent");
    DerivationPath.requireIndex(index);
    SecretKey parentKey = parent.toNative();
    SecretKey child = new SecretKey();
    try {
      child.derive_child_eip2333(parentKey, index);
      return BlsSecretKey.fromNative(child);
    } finally {
      Bls12381.wipe(parentKey);
      Bls12381.wipe(child);
    }
  }

  /**
   * The key at an EIP-2334 path such as "m/12381/3600/0/0/0": the master key, then one child per
   * component.
   *
   * @throws IllegalArgumentException if the path is malformed, naming the bad component
   */
  public static BlsSecretKey derivePath(byte[] seed, String path) {
    long[] indices = DerivationPath.parse(path);
    BlsSecretKey key = deriveMaster(seed);
    for (long index : indices) {
      key = deriveChild(key, index);
    }
    return key;
  }
}
