package dev.valet.allocator.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A pool as operators see it: its keys by state, its unreleased leases, and its caps.
 *
 * @param name the pool's name
 * @param createdAt when Valet first saw it
 * @param keys its keys by state
 * @param nextFreeAt when the first quarantined key becomes free; empty when none is quarantined
 * @param pendingLeases leases waiting for their pod
 * @param boundLeases leases bound to a pod
 * @param caps the caps of the pool's configuration; empty for a pool no longer configured
 * @param quarantine how long a released key stays idle; empty for a pool no longer configured
 * @param network the network of the pool's validators; empty for a pool no longer configured
 */
public record PoolView(
    String name,
    OffsetDateTime createdAt,
    KeyCounts keys,
    Optional<OffsetDateTime> nextFreeAt,
    long pendingLeases,
    long boundLeases,
    Optional<PoolCaps> caps,
    Optional<Duration> quarantine,
    Optional<String> network) {}
