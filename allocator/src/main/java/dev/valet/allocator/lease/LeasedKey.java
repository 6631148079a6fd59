package dev.valet.allocator.lease;

/**
 * A key as a lease hands it out: its public key and its EIP-2335 keystore, which only the pool's
 * password opens.
 *
 * @param id the key's row id
 * @param pubkey the public key, {@code 0x} and 96 hex digits
 * @param keystoreJson the EIP-2335 keystore
 * @param path the EIP-2334 path, empty for keys that were not derived
 * @param position the key's place in its lease, from 0
 */
public record LeasedKey(long id, String pubkey, String keystoreJson, String path, int position) {
  @Override
  public String toString() {
    return "LeasedKey[id=" + id + ", pubkey=" + pubkey + ", position=" + position + "]";
  }
}
