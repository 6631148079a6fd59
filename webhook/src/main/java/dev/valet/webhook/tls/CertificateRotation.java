package dev.valet.webhook.tls;

import dev.valet.certs.Plan;
import dev.valet.certs.Plan.Change;
import dev.valet.certs.Rotator;
import dev.valet.certs.TlsMaterial;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of managed TLS, as {@link Rotator} asks its caller to do it: read the Secret, let the
 * rotator decide, store a changed plan, make the webhook configuration's caBundle equal to {@code
 * ca.crt}, and if a new CA awaits publication, record that it was published and store again.
 *
 * <p>Every write is conditional on the version read. When another writer got there first, the pass
 * starts over from a fresh read (a few times), so a {@code valet certs} Job and the leader can run
 * at once and the result is as if one ran after the other. Blocking: run it off the event loop.
 */
public final class CertificateRotation {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRotation.class);
  private static final int ATTEMPTS = 5;

  /** What a pass is asked to do beyond what is due. */
  public enum Force {
    /** Nothing: create what is missing, renew what is due. */
    NOTHING,
    /** A new serving certificate even if the current one is fine. */
    LEAF,
    /** Phase 1 of a CA rotation even if the signing CA is far from its end. */
    CA
  }

  /**
   * What a pass did.
   *
   * @param changes the rotator's steps that were stored; empty when nothing was due
   * @param webhooksPatched how many webhooks had their caBundle set; 0 when all were current
   * @param publicationRecorded whether the publication of a new CA's caBundle was recorded
   * @param material the material stored now
   */
  public record Outcome(
      Set<Change> changes, int webhooksPatched, boolean publicationRecorded, TlsMaterial material) {

    /** Whether anything was written. */
    public boolean wroteAnything() {
      return !changes.isEmpty() || webhooksPatched > 0 || publicationRecorded;
    }
  }

  private final TlsSecretStore store;
  private final CaBundlePublisher bundle;
  private final Rotator rotator;
  private final Clock clock;

  public CertificateRotation(
      TlsSecretStore store, CaBundlePublisher bundle, Rotator rotator, Clock clock) {
    this.store = store;
    this.bundle = bundle;
    this.rotator = rotator;
    this.clock = clock;
  }

  /**
   * Runs one pass.
   *
   * @throws TlsConflictException if other writers kept getting there first
   * @throws dev.valet.certs.InvalidTlsMaterialException if the Secret holds what Valet cannot use
   * @throws IllegalStateException if the webhook configuration does not exist and nothing was
   *     stored
   * @throws IncompleteRotationException if new material was stored but its caBundle could not be
   *     published
   */
  public Outcome run(Force force) {
    Force pending = force;
    Set<Change> stored = Set.of();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(pending, stored);
      } catch (StoredThenConflict e) {
        stored = e.changes;
        pending = Force.NOTHING;
        retryOrThrow(attempt, e.conflict);
      } catch (TlsConflictException e) {
        retryOrThrow(attempt, e);
      }
    }
  }

  private Outcome attempt(Force force, Set<Change> storedBefore) {
    Optional<StoredTls> read = store.read();
    Plan plan = plan(force, read.map(StoredTls::material));
    StoredTls current;
    if (!plan.changed()) {
      current = read.orElseThrow();
    } else if (read.isPresent()) {
      current = store.replace(plan.material(), read.get().resourceVersion());
    } else {
      current = store.create(plan.material());
    }
    Set<Change> changes = union(storedBefore, plan.changes());

    try {
      int patched = bundle.publish(current.material().caBundle());
      boolean recorded = false;
      if (current.material().awaitsBundlePublication()) {
        TlsMaterial published = current.material().recordBundlePublished(clock.instant());
        current = store.replace(published, current.resourceVersion());
        recorded = true;
      }
      return new Outcome(changes, patched, recorded, current.material());
    } catch (TlsConflictException e) {
      throw new StoredThenConflict(changes, e);
    } catch (RuntimeException e) {
      if (changes.isEmpty()) {
        throw e;
      }
      throw new IncompleteRotationException(new Outcome(changes, 0, false, current.material()), e);
    }
  }

  private Plan plan(Force force, Optional<TlsMaterial> current) {
    return switch (force) {
      case NOTHING -> rotator.next(current, clock.instant());
      case LEAF -> rotator.renewLeaf(current, clock.instant());
      case CA -> rotator.rotateCa(current, clock.instant());
    };
  }

  private static void retryOrThrow(int attempt, TlsConflictException conflict) {
    if (attempt >= ATTEMPTS) {
      throw new TlsConflictException(
          conflict.getMessage() + "; gave up after " + ATTEMPTS + " attempts");
    }
    LOG.info("{}; reading again (attempt {} of {})", conflict.getMessage(), attempt + 1, ATTEMPTS);
  }

  private static Set<Change> union(Set<Change> first, Set<Change> second) {
    if (first.isEmpty()) {
      return second;
    }
    EnumSet<Change> all = EnumSet.noneOf(Change.class);
    all.addAll(first);
    all.addAll(second);
    return Collections.unmodifiableSet(all);
  }

  /** A conflict after the plan was stored: the retry must not force the same step again. */
  private static final class StoredThenConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Set<Change> changes;
    private final TlsConflictException conflict;

    StoredThenConflict(Set<Change> changes, TlsConflictException conflict) {
      super(conflict.getMessage(), conflict, false, false);
      this.changes = changes;
      this.conflict = conflict;
    }
  }
}
