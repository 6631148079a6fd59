package dev.valet.allocator.pool;

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

  /** True when keys are derived from a mnemonic and so consume derivation indices. */
  boolean derives();
}
