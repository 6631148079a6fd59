package dev.valet.allocator.pool;

import dev.valet.allocator.keys.BlsSecretKey;
import java.util.List;

/** Creates new keys for one pool. Runs off the event loop: it does CPU work per key. */
public interface KeyMinter {

  /**
   * Creates {@code count} keys; derived keys take the indices from {@code firstIndex} on.
   *
   * @param firstIndex the pool's next derivation index
   * @param count how many keys
   */
  List<MintedKey> mint(long firstIndex, int count);

  /**
   * Takes in a key an operator brings: encrypts it under the pool's password and, if asked and the
   * pool's deposits are on, signs its deposit data.
   *
   * @param path the key's EIP-2334 path as its keystore gives it, or ""
   * @param toDeposit whether the key still needs its deposit
   * @throws UnsupportedOperationException if this minter cannot take keys in
   */
  default MintedKey adopt(BlsSecretKey secret, String path, boolean toDeposit) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot take keys in");
  }

  /** True when keys are derived from a mnemonic and so consume derivation indices. */
  boolean derives();
}
