package dev.valet.allocator.pool;

import dev.valet.allocator.deposit.DepositData;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A key just created for a pool, or brought to it, as it will be stored.
 *
 * @param pubkey the 48-byte compressed public key
 * @param keystoreJson its EIP-2335 keystore under the pool's password
 * @param path the EIP-2334 path, empty for a random key
 * @param derivationIndex the index {@code i} of m/12381/3600/i/0/0 for a key derived from the
 *     pool's mnemonic
 * @param imported whether an operator brought the key rather than Valet creating it
 * @param deposit its deposit data, signed while the secret was in hand; empty when the pool's
 *     deposits are off or an imported key was deposited already
 */
public record MintedKey(
    byte[] pubkey,
    String keystoreJson,
    String path,
    OptionalLong derivationIndex,
    boolean imported,
    Optional<DepositData> deposit) {

  public MintedKey {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(keystoreJson, "keystoreJson");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(derivationIndex, "derivationIndex");
    Objects.requireNonNull(deposit, "deposit");
    if (imported && derivationIndex.isPresent()) {
      throw new IllegalArgumentException("an imported key has no derivation index of the pool");
    }
  }

  /** A key Valet created, without deposit data. */
  public MintedKey(byte[] pubkey, String keystoreJson, String path, OptionalLong derivationIndex) {
    this(pubkey, keystoreJson, path, derivationIndex, false, Optional.empty());
  }

  public String origin() {
    if (imported) {
      return "imported";
    }
    return derivationIndex.isPresent() ? "derived" : "random";
  }
}
