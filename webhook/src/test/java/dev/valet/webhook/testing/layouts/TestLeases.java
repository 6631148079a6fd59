package dev.valet.webhook.testing.layouts;

import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PoolKeyMinter;
import dev.valet.allocator.testing.TestPools;
import dev.valet.webhook.inject.Layout;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases of real keystores without a database, under the cheap test KDF so that every keystore can
 * be opened with the full EIP-2335 decryption in milliseconds.
 *
 * @param password the password of every keystore of these leases; secret, never print it
 */
public record TestLeases(String password, PoolKeyMinter minter) {

  /** A pool's worth of keystore encryption: a random password and the cheap test KDF. */
  public static TestLeases create() {
    byte[] bytes = new byte[32];
    TestPools.RANDOM.nextBytes(bytes);
    String password = HexFormat.of().formatHex(bytes);
    KeystoreKey key = KeystoreKey.derive(password, TestPools.cheapKdf());
    return new TestLeases(password, new PoolKeyMinter(key, Optional.empty(), TestPools.RANDOM));
  }

  /** A lease of {@code count} new keys, created {@code at}, that asked for {@code layout}. */
  public Lease lease(int count, Layout layout, OffsetDateTime at) {
    List<LeasedKey> keys = new ArrayList<>(count);
    List<MintedKey> minted = minter.mint(0, count);
    for (int i = 0; i < count; i++) {
      MintedKey key = minted.get(i);
      keys.add(
          new LeasedKey(
              i + 1, "0x" + HexFormat.of().formatHex(key.pubkey()), key.keystoreJson(), "", i));
    }
    return new Lease(
        UUID.randomUUID(),
        UUID.randomUUID().toString(),
        "test",
        new PodReference("validators", "validator-0", ""),
        LeaseState.PENDING,
        layout.label(),
        at,
        keys);
  }

  public Lease lease(int count, Layout layout) {
    return lease(count, layout, OffsetDateTime.now());
  }

  @Override
  public String toString() {
    return "TestLeases[redacted]";
  }
}
