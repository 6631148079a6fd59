package dev.valet.allocator.pool;

import java.util.OptionalLong;

/**
 * A key just created for a pool, as it will be stored.
 *
 * @param pubkey the 48-byte compressed public key
 * @param keystoreJson its EIP-2335 keystore under the pool's password
 * @param path the EIP-2334 path, empty for a random key
 * @param derivationIndex the index {@code i} of m/12381/3600/i/0/0 for a derived key
 */
public record MintedKey(
    byte[] pubkey, String keystoreJson, String path, OptionalLong derivationIndex) {
  public String origin() {
    return derivationIndex.isPresent() ? "derived" : "random";
  }
}
