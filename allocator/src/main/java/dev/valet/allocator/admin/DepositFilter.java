package dev.valet.allocator.admin;

import java.util.Optional;

/**
 * Which deposits to list; an empty value does not filter.
 *
 * @param pool deposits of keys of this pool
 * @param state deposits in this state, one of {@link DepositReads#states()}
 */
public record DepositFilter(Optional<String> pool, Optional<String> state) {}
