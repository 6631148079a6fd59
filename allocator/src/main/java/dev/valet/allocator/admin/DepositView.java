package dev.valet.allocator.admin;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A key's deposit as operators see it.
 *
 * @param keyId the key's row id
 * @param pubkey the key's public key, {@code 0x} and 96 hex digits
 * @param pool the key's pool
 * @param state where the deposit is, one of {@link DepositReads#states()}
 * @param txHash the deposit transaction, once one was signed
 * @param block the block that holds it, once mined
 * @param error why it failed or waits
 * @param updatedAt when its state last changed
 */
public record DepositView(
    long keyId,
    String pubkey,
    String pool,
    String state,
    Optional<String> txHash,
    Optional<Long> block,
    Optional<String> error,
    OffsetDateTime updatedAt) {}
