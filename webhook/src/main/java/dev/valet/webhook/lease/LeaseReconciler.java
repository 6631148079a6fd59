package dev.valet.webhook.lease;

import dev.valet.allocator.lease.LeaseReleaser;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.LeaseSummary;
import dev.valet.allocator.lease.PgLeases;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives leases from what the API says about their pods: pending to bound when the pod is seen,
 * bound to released when the pod is gone (404) or has finished (Succeeded, Failed), pending to
 * released when no pod appeared within the grace period. A release always rests on a fresh answer
 * of the API (a successful list, a 404, or the pod's own terminal phase), never on a cache, an
 * error, a pod being deleted or a pod in phase Unknown. Only the elected leader runs it.
 */
public final class LeaseReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseReconciler.class);

  /** Leases worked on at once: each holds a database connection that admission shares. */
  static final int CONCURRENCY = 4;

  private final PgLeases leases;
  private final LeaseReleaser releaser;
  private final LeasePods pods;
  private final ReconcilerSettings settings;
  private final Clock clock;
  private final BooleanSupplier leading;
  private final String actor;
  private final LeaseWork work = new LeaseWork(CONCURRENCY);

  /**
   * @param leading answers whether this replica still leads; checked before every change
   * @param actor who the events say bound or released a lease: the reconciler of this replica
   */
  public LeaseReconciler(
      PgLeases leases,
      LeaseReleaser releaser,
      LeasePods pods,
      ReconcilerSettings settings,
      Clock clock,
      BooleanSupplier leading,
      String actor) {
    this.leases = leases;
    this.releaser = releaser;
    this.pods = pods;
    this.settings = settings;
    this.clock = clock;
    this.leading = leading;
    this.actor = actor;
  }

  /** Compares every unreleased lease with a fresh list of the pods that carry leases. */
  public Future<ResyncReport> resync() {
    return resync(lease -> true);
  }

  /** Looks at the pending leases whose grace has passed. */
  public Future<ResyncReport> checkPending() {
    Instant cutoff = clock.instant().minus(settings.pendingGrace());
    return resync(
        lease ->
            lease.state() == LeaseState.PENDING && lease.createdAt().toInstant().isBefore(cutoff));
  }

  private Future<ResyncReport> resync(Predicate<LeaseSummary> which) {
    long started = System.nanoTime();
    return leases
        .unreleased()
        .compose(
            unreleased -> {
              List<LeaseSummary> selected = unreleased.stream().filter(which).toList();
              if (selected.isEmpty()) {
                return Future.succeededFuture(new ResyncReport(0, 0, 0, Duration.ZERO));
              }
              // The list comes after the leases: a pod admitted meanwhile is in it, never missed.
              return pods.listLeasePods()
                  .compose(listed -> reconcileAll(selected, byLease(listed)))
                  .map(
                      actions ->
                          ResyncReport.of(actions, Duration.ofNanos(System.nanoTime() - started)));
            });
  }

  /**
   * Every lease, a few at a time. A lease that fails is kept and logged, and the others are still
   * looked at; a replica that stops leading meanwhile leaves the leases not yet started alone, and
   * the resync fails.
   */
  private Future<List<Action>> reconcileAll(
      List<LeaseSummary> selected, Map<UUID, List<Pod>> carriers) {
    List<Future<Action>> each = new ArrayList<>(selected.size());
    for (LeaseSummary lease : selected) {
      List<Pod> carrying = carriers.getOrDefault(lease.id(), List.of());
      each.add(work.submit(() -> reconcileWhileLeading(lease, carrying)));
    }
    return Future.join(each)
        .transform(
            joined -> {
              List<Action> actions = new ArrayList<>(each.size());
              int notLed = 0;
              for (Future<Action> one : each) {
                if (one.succeeded()) {
                  actions.add(one.result());
                } else {
                  notLed++;
                }
              }
              if (notLed > 0) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "this replica stopped leading; "
                            + notLed
                            + " of "
                            + each.size()
                            + " lease(s) were left alone"));
              }
              return Future.succeededFuture(actions);
            });
  }

  /** Fails, changing nothing, once this replica no longer leads; any other failure keeps it. */
  private Future<Action> reconcileWhileLeading(LeaseSummary lease, List<Pod> carrying) {
    if (!leading.getAsBoolean()) {
      return Future.failedFuture(new IllegalStateException("no longer the leader"));
    }
    return reconcile(lease, carrying)
        .otherwise(
            failure -> {
              LOG.warn("Lease {} not reconciled this time: {}", lease.id(), failure.toString());
              return Action.KEPT;
            });
  }

  private Future<Action> reconcile(LeaseSummary lease, List<Pod> carrying) {
    Optional<Pod> pod = carrying.stream().filter(p -> PodStates.matches(lease, p)).findFirst();
    if (lease.state() == LeaseState.PENDING) {
      if (pod.isPresent()) {
        return bind(lease, pod.get())
            .compose(bound -> releaseIfTerminal(lease, pod.get(), Action.BOUND));
      }
      if (lease.createdAt().toInstant().plus(settings.pendingGrace()).isBefore(clock.instant())) {
        return release(
            lease,
            "no pod carrying the lease appeared within "
                + settings.pendingGrace().toSeconds()
                + " s");
      }
      return Future.succeededFuture(Action.KEPT);
    }
    if (pod.isPresent()) {
      return releaseIfTerminal(lease, pod.get(), Action.KEPT);
    }
    return confirmGone(lease);
  }

  /** A bound lease whose pod is not in the list: ask for the pod itself before releasing. */
  private Future<Action> confirmGone(LeaseSummary lease) {
    String name = lease.pod().name();
    return pods.get(lease.pod().namespace(), name)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return release(lease, "pod " + lease.pod().namespace() + "/" + name + " is gone");
              }
              if (!lease.podUid().orElse("").equals(PodStates.uid(found.get()))) {
                return release(
                    lease,
                    "pod " + lease.pod().namespace() + "/" + name + " was replaced by another pod");
              }
              return releaseIfTerminal(lease, found.get(), Action.KEPT);
            });
  }

  private Future<Action> releaseIfTerminal(LeaseSummary lease, Pod pod, Action otherwise) {
    if (PodStates.isTerminal(pod)) {
      return release(lease, "pod " + PodStates.name(pod) + " is " + PodStates.phase(pod));
    }
    return Future.succeededFuture(otherwise);
  }

  /** Called for each pod the informer adds or updates. */
  public Future<Action> podChanged(Pod pod) {
    Optional<UUID> leaseId = PodStates.leaseOf(pod);
    if (leaseId.isEmpty() || !leading.getAsBoolean()) {
      return Future.succeededFuture(Action.KEPT);
    }
    return work.submit(() -> podChanged(pod, leaseId.get()));
  }

  private Future<Action> podChanged(Pod pod, UUID leaseId) {
    if (!leading.getAsBoolean()) {
      return Future.succeededFuture(Action.KEPT);
    }
    return leases
        .find(leaseId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                LOG.warn(
                    "Pod {} carries lease {}, which Valet does not know; it holds no key of Valet's",
                    PodStates.name(pod),
                    leaseId);
                return Future.succeededFuture(Action.KEPT);
              }
              LeaseSummary lease = found.get();
              if (lease.state() == LeaseState.RELEASED) {
                return warnIfStillRunning(lease, pod);
              }
              if (!PodStates.matches(lease, pod)) {
                LOG.warn(
                    "Pod {} carries lease {} of pod {}/{}; it is ignored",
                    PodStates.name(pod),
                    lease.id(),
                    lease.pod().namespace(),
                    lease.pod().displayName());
                return Future.succeededFuture(Action.KEPT);
              }
              return reconcile(lease, List.of(pod));
            });
  }

  /**
   * A pod event for a released lease is usually a late one, for a pod that is gone by now (events
   * are handled a few at a time, not strictly in order); the API is asked before alarming anyone.
   */
  private Future<Action> warnIfStillRunning(LeaseSummary lease, Pod pod) {
    if (PodStates.isTerminal(pod)) {
      return Future.succeededFuture(Action.KEPT);
    }
    return pods.get(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
        .map(
            current -> {
              if (current.isPresent()
                  && PodStates.uid(current.get()).equals(PodStates.uid(pod))
                  && !PodStates.isTerminal(current.get())) {
                LOG.error(
                    "Pod {} runs with lease {}, which was released: its keys may go to another pod"
                        + " after their quarantine. Delete the pod.",
                    PodStates.name(pod),
                    lease.id());
              }
              return Action.KEPT;
            });
  }

  /** Called for each pod the informer saw deleted: the API is asked before anything is released. */
  public Future<Action> podDeleted(Pod pod) {
    Optional<UUID> leaseId = PodStates.leaseOf(pod);
    if (leaseId.isEmpty() || !leading.getAsBoolean()) {
      return Future.succeededFuture(Action.KEPT);
    }
    return work.submit(() -> podDeleted(pod, leaseId.get()));
  }

  private Future<Action> podDeleted(Pod pod, UUID leaseId) {
    if (!leading.getAsBoolean()) {
      return Future.succeededFuture(Action.KEPT);
    }
    return leases
        .find(leaseId)
        .compose(
            found -> {
              if (found.isEmpty()
                  || found.get().state() == LeaseState.RELEASED
                  || !PodStates.matches(found.get(), pod)) {
                return Future.succeededFuture(Action.KEPT);
              }
              LeaseSummary lease = found.get();
              return pods.get(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                  .compose(
                      current -> {
                        if (current.isEmpty()
                            || !PodStates.uid(current.get()).equals(PodStates.uid(pod))) {
                          return release(lease, "pod " + PodStates.name(pod) + " was deleted");
                        }
                        return releaseIfTerminal(lease, current.get(), Action.KEPT);
                      });
            });
  }

  private Future<Void> bind(LeaseSummary lease, Pod pod) {
    if (!leading.getAsBoolean()) {
      return Future.failedFuture(new IllegalStateException("no longer the leader"));
    }
    return leases
        .bind(lease.id(), PodStates.uid(pod), pod.getMetadata().getName(), actor)
        .compose(
            bound -> {
              if (bound) {
                LOG.info(
                    "Lease {} bound to pod {} ({})",
                    lease.id(),
                    PodStates.name(pod),
                    PodStates.uid(pod));
              }
              return pods.ownSecret(lease.pod().namespace(), lease.secretName(), pod)
                  .otherwise(
                      failure -> {
                        LOG.warn(
                            "Could not make pod {} the owner of Secret {}: {}",
                            PodStates.name(pod),
                            lease.secretName(),
                            failure.toString());
                        return null;
                      });
            });
  }

  private Future<Action> release(LeaseSummary lease, String reason) {
    if (!leading.getAsBoolean()) {
      return Future.succeededFuture(Action.KEPT);
    }
    return releaser
        .release(lease.id(), reason, actor, false)
        .compose(
            outcome -> {
              if (outcome != LeaseReleaser.Outcome.RELEASED) {
                return Future.succeededFuture(Action.KEPT);
              }
              return pods.deleteSecret(lease.pod().namespace(), lease.secretName())
                  .otherwise(
                      failure -> {
                        LOG.warn(
                            "Lease {} released but its Secret {}/{} could not be deleted: {}",
                            lease.id(),
                            lease.pod().namespace(),
                            lease.secretName(),
                            failure.toString());
                        return null;
                      })
                  .map(Action.RELEASED);
            });
  }

  private static Map<UUID, List<Pod>> byLease(List<Pod> listed) {
    Map<UUID, List<Pod>> carriers = new HashMap<>();
    for (Pod pod : listed) {
      PodStates.leaseOf(pod)
          .ifPresent(id -> carriers.computeIfAbsent(id, k -> new ArrayList<>()).add(pod));
    }
    return carriers;
  }

  /** What happened to one lease. */
  public enum Action {
    KEPT,
    BOUND,
    RELEASED
  }

  /**
   * The outcome of a resync.
   *
   * @param leases how many leases were looked at
   * @param bound how many were bound
   * @param released how many were released
   * @param took how long it took
   */
  public record ResyncReport(int leases, int bound, int released, Duration took) {
    static ResyncReport of(List<Action> actions, Duration took) {
      int bound = (int) actions.stream().filter(a -> a == Action.BOUND).count();
      int released = (int) actions.stream().filter(a -> a == Action.RELEASED).count();
      return new ResyncReport(actions.size(), bound, released, took);
    }
  }
}
