package dev.valet.allocator.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A key's state as operators see it. The database keeps {@code free} for a released key still in
 * quarantine too; here such a key is {@link #QUARANTINED} until its {@code free_after} passes.
 */
public enum KeyState {
  /** May be handed out now. */
  FREE,
  /** Released, idle until its quarantine ends. */
  QUARANTINED,
  /** Held by an unreleased lease. */
  LEASED,
  /** Taken out of use for good: never handed out again. */
  RETIRED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<KeyState> fromLabel(String label) {
    return Arrays.stream(values()).filter(state -> state.label().equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(KeyState::label).toList();
  }
}
