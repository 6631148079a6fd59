package dev.valet.webhook.cli;

import dev.valet.allocator.lease.LeaseListing;
import dev.valet.allocator.lease.LeaseReleaser;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.lease.LeasePodPresence;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code valet leases release}: ends a lease by hand. Its keys go into the pool's quarantine and
 * its Secret is deleted. In a cluster it is refused while the lease's pod may still run (the API is
 * asked, never a cache), unless forced; a forced release is recorded as such, with the operator's
 * name.
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Releases a lease by hand: its keys go into the pool's quarantine, its Secret is deleted.",
      "Refused while the lease's pod exists in the cluster, unless --force (for a pod whose node is"
          + " gone for good). In local mode no pod is looked at.",
      "Outside local mode it needs the pool in --config (for its quarantine), and refuses a pending"
          + " lease younger than lifecycle.pendingGrace unless --force."
    })
public final class LeasesReleaseCommand implements Callable<Integer> {
  static final int REFUSED = 1;

  @Mixin ConfigOptions options;

  @Parameters(paramLabel = "LEASE-ID", description = "The lease, as valet leases list shows it.")
  String leaseId;

  @Option(
      names = "--force",
      description = "Release even though the pod exists; recorded as a forced release.")
  boolean force;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the event log.")
  String reason;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who releases it, for the event log (default: $USER).")
  String actor;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    UUID id = parseId();
    try (OperatorSession session = OperatorSession.open(options, true)) {
      Optional<LeaseListing> found = session.await(session.leases().describe(id));
      if (found.isEmpty()) {
        return refuse("There is no lease " + id + ".");
      }
      LeaseListing lease = found.get();
      if (lease.state() == LeaseState.RELEASED) {
        return refuse(alreadyReleased(lease));
      }
      if (!options.local()) {
        Optional<String> unsafe = clusterRefusal(lease, options.file());
        if (unsafe.isPresent()) {
          return refuse(unsafe.get());
        }
      }
      Optional<String> podCheck = Optional.empty();
      if (session.pods().isPresent() && !force) {
        LeasePodPresence.Presence presence;
        try {
          presence = session.await(LeasePodPresence.check(session.pods().get(), lease.summary()));
        } catch (RuntimeException e) {
          return refuse(
              "Cannot tell whether the pod of lease "
                  + id
                  + " still runs ("
                  + e.getMessage()
                  + "). Nothing was released; use --force only if you know that it does not.");
        }
        if (presence instanceof LeasePodPresence.Running running) {
          return refuse(
              "Refused: "
                  + running.explanation()
                  + ". Nothing was released. Delete the pod first, or use --force if its"
                  + " containers cannot run any more (its node is gone for good).");
        }
        podCheck = Optional.of(presence.explanation());
      }
      return release(session, lease, podCheck);
    }
  }

  /**
   * What the reconciler and the admin endpoint would refuse here too: a release whose quarantine
   * this command cannot know (the pool is not in the file it read, and the default could be shorter
   * than what serve applies), and, unless forced, a pending lease whose pod may still be being
   * stored (younger than {@code lifecycle.pendingGrace}), since a list of pods cannot see it yet.
   */
  private Optional<String> clusterRefusal(LeaseListing lease, ConfigFile.Contents file) {
    if (file.pools().stream().noneMatch(pool -> pool.name().equals(lease.pool()))) {
      return Optional.of(
          "Pool '"
              + lease.pool()
              + "' of lease "
              + lease.id()
              + " is not defined in the configuration this command read, so the quarantine its"
              + " keys need is unknown. Nothing was released; give --config with the file valet"
              + " serve reads.");
    }
    if (force || lease.state() != LeaseState.PENDING) {
      return Optional.empty();
    }
    Duration grace = file.lifecycle().pendingGrace();
    Instant graceEnds = lease.createdAt().toInstant().plus(grace);
    Instant now = Instant.now();
    if (!now.isBefore(graceEnds)) {
      return Optional.empty();
    }
    return Optional.of(
        "Refused: lease "
            + lease.id()
            + " is pending and younger than lifecycle.pendingGrace ("
            + grace.toSeconds()
            + " s), so its pod may still be being stored. Nothing was released. Try again in "
            + (Duration.between(now, graceEnds).toSeconds() + 1)
            + " s, or use --force if the pod was refused for sure.");
  }

  private Integer release(OperatorSession session, LeaseListing lease, Optional<String> podCheck) {
    String why = reason != null ? reason : defaultReason(podCheck);
    String who = "operator:" + operatorName();
    LeaseReleaser.Outcome outcome =
        session.await(session.releaser().release(lease.id(), why, who, force));
    if (outcome == LeaseReleaser.Outcome.NO_SUCH_LEASE) {
      return refuse("There is no lease " + lease.id() + ".");
    }
    if (outcome == LeaseReleaser.Outcome.ALREADY_RELEASED) {
      return refuse(
          alreadyReleased(session.await(session.leases().describe(lease.id())).orElse(lease)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Lease "
            + lease.id()
            + " released by "
            + who
            + (force ? " (forced)" : "")
            + ": "
            + why
            + ". Its keys stay idle for the pool's quarantine.");
    try {
      session.await(session.secrets().delete(lease.pod().namespace(), lease.secretName()));
      out.println("Secret " + lease.pod().namespace() + "/" + lease.secretName() + " deleted.");
    } catch (RuntimeException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "The Secret "
              + lease.pod().namespace()
              + "/"
              + lease.secretName()
              + " could not be deleted ("
              + e.getMessage()
              + "); delete it by hand.");
      err.flush();
    }
    out.flush();
    return 0;
  }

  private String defaultReason(Optional<String> podCheck) {
    if (force) {
      return "released by hand, forced";
    }
    return podCheck.map(check -> "released by hand; " + check).orElse("released by hand");
  }

  private String operatorName() {
    if (actor != null && !actor.isBlank()) {
      return actor;
    }
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
  }

  private UUID parseId() {
    try {
      return UUID.fromString(leaseId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "'" + leaseId + "' is not a lease id: a lease id is a UUID, as valet leases list shows");
    }
  }

  private static String alreadyReleased(LeaseListing lease) {
    return "Lease "
        + lease.id()
        + " was released already, "
        + lease.releasedAt().map(LeaseListingTable::time).orElse("at an unknown time")
        + " by "
        + lease.releasedBy().orElse("an unknown actor")
        + ": "
        + lease.releaseReason().orElse("no reason recorded")
        + ".";
  }

  private int refuse(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(message);
    err.flush();
    return REFUSED;
  }
}
