package dev.valet.allocator.admin;

import java.util.UUID;

/** What retiring a key did. */
public sealed interface Retirement {

  /** The key is retired now and will never be handed out again. */
  record Retired() implements Retirement {}

  /** The key had been retired before; nothing changed. */
  record AlreadyRetired() implements Retirement {}

  /**
   * The key is held by an unreleased lease; nothing changed.
   *
   * @param leaseId the lease to release first
   */
  record Leased(UUID leaseId) implements Retirement {}

  /** No key has this public key. */
  record NoSuchKey() implements Retirement {}
}
