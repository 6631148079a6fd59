package dev.valet.allocator.deposit.store;

import java.util.Locale;

/**
 * Where a key's deposit stands. A key without a deposit row (made before deposits existed) has
 * none; the {@code key_deposit_states} view shows it so.
 */
public enum DepositState {
  /** Waiting to be sent (auto) or exported (export); {@code waiting_reason} says what holds it. */
  PENDING,
  /** A signed transaction is recorded (and broadcast), or a deposit for the key was found. */
  SENT,
  /** Mined and as many blocks deep as the pool's confirmations. */
  CONFIRMED,
  /** Reverted, or its nonce was used by another transaction; an operator decides what next. */
  FAILED,
  /** Written to a launchpad deposit data file for an operator to deposit. */
  EXPORTED,
  /** Nothing to do: deposits are off, or an imported key was deposited already. */
  SKIPPED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DepositState of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
