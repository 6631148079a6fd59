package dev.valet.allocator.pool;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * A pool ready for allocations: its settings, the password that opens its keystores, and the minter
 * that creates new keys once the pool's KDF has run.
 */
public final class KeyPool {
  private final PoolSettings settings;
  private final String password;
  private final Future<KeyMinter> minter;

  public KeyPool(PoolSettings settings, String password, Future<KeyMinter> minter) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.password = Objects.requireNonNull(password, "password");
    this.minter = Objects.requireNonNull(minter, "minter");
  }

  public String name() {
    return settings.name();
  }

  public PoolSettings settings() {
    return settings;
  }

  /** The password of every keystore in this pool. Secret: never log it. */
  public String password() {
    return password;
  }

  /** Completes once the pool can create keys. */
  public Future<KeyMinter> minter() {
    return minter;
  }

  @Override
  public String toString() {
    return "KeyPool[" + settings.name() + "]";
  }
}
