package dev.valet.allocator.admin;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A key as operators see it: its public facts and where it is, never its keystore.
 *
 * @param id the key's row id
 * @param pubkey the public key, {@code 0x} and 96 hex digits
 * @param pool its pool
 * @param origin derived (from the pool's mnemonic), random or imported
 * @param index the EIP-2334 index of a derived key
 * @param path the EIP-2334 path of a derived key, empty otherwise
 * @param state where it is now
 * @param quarantinedUntil when a quarantined key becomes free
 * @param timesLeased how many leases held it
 * @param lastReleasedAt when its last lease was released
 * @param createdAt when it was created or imported
 * @param lease the unreleased lease that holds it
 */
public record KeyView(
    long id,
    String pubkey,
    String pool,
    String origin,
    Optional<Integer> index,
    String path,
    KeyState state,
    Optional<OffsetDateTime> quarantinedUntil,
    int timesLeased,
    Optional<OffsetDateTime> lastReleasedAt,
    OffsetDateTime createdAt,
    Optional<Holder> lease) {

  /**
   * The lease that holds a key.
   *
   * @param id the lease id
   * @param namespace the pod's namespace
   * @param pod the pod's name, or its generateName prefix and a star
   * @param state pending or bound
   */
  public record Holder(UUID id, String namespace, String pod, String state) {}
}
