package dev.valet.certs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the stored TLS material should become, and why.
 *
 * @param material the material to store; the same instance as given when nothing changed
 * @param changes what changed, in the order of {@link Change}; empty when the stored material is
 *     already right
 */
public record Plan(TlsMaterial material, Set<Change> changes) {

  /** One step a {@link Rotator} took. Several can happen at once. */
  public enum Change {
    /** There was no material: a CA and a serving certificate were created. */
    CREATED,
    /** The signing CA had expired, so no rotation could keep trust: everything was replaced. */
    REPLACED_EXPIRED_CA,
    /** Phase 1 of a CA rotation: a new CA joined the caBundle; the caller must publish it. */
    CA_INTRODUCED,
    /** Phase 2: the new CA, published for long enough, now signs the serving certificate. */
    CA_SIGNING,
    /** Phase 3: a CA whose last serving certificate expired left the caBundle. */
    CA_RETIRED,
    /** A new serving certificate was issued (renewal, new names, new signing CA, or forced). */
    LEAF_ISSUED
  }

  public Plan {
    changes = changes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(changes));
  }

  /** The stored material is already right. */
  public static Plan unchanged(TlsMaterial material) {
    return new Plan(material, Set.of());
  }

  /** Whether the material must be stored (and its caBundle published). */
  public boolean changed() {
    return !changes.isEmpty();
  }
}
