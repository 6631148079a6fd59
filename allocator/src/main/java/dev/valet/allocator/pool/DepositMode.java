package dev.valet.allocator.pool;

import java.util.Locale;

/** What a pool does about funding the keys it creates. */
public enum DepositMode {
  /** Valet sends each new key's deposit from the pool's funding account and follows it. */
  AUTO,
  /** Valet signs each new key's deposit data; an operator exports it and deposits elsewhere. */
  EXPORT,
  /** No deposit data is made: the keys are funded, or not, outside Valet. */
  OFF;

  /** The name used in configuration and in the database: auto, export or off. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether new keys get signed deposit data. */
  public boolean signsDeposits() {
    return this != OFF;
  }
}
