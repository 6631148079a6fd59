package dev.valet.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The material stored at successive instants, each caBundle published to the API server when it was
 * stored, and the trust that must hold at the latest instant.
 *
 * <p>At instant {@code t} two kinds of lag meet:
 *
 * <ul>
 *   <li>an API server may still hold the caBundle of the previous step, or any caBundle that was
 *       the published one at some moment within {@code caOverlap} before {@code t}: the policy
 *       assumes every API server picks up a published caBundle within that time;
 *   <li>a replica that has not reloaded may still present any earlier serving certificate that has
 *       not expired at {@code t}: that is what keeping a CA until its last leaf expired promises.
 * </ul>
 *
 * Every such caBundle must trust every such serving certificate. Older caBundles are not required
 * to: an API server has dropped them, and a caBundle from before a CA rotation would rightly reject
 * the new CA's leaves.
 */
final class TrustTimeline {

  private record Step(Instant at, TlsMaterial material) {}

  private final Duration caOverlap;
  private final List<Step> steps;

  TrustTimeline(Duration caOverlap) {
    this(caOverlap, List.of());
  }

  private TrustTimeline(Duration caOverlap, List<Step> steps) {
    this.caOverlap = caOverlap;
    this.steps = steps;
  }

  /** This timeline followed by {@code material}, stored and published at {@code at}. */
  TrustTimeline then(Instant at, TlsMaterial material) {
    List<Step> longer = new ArrayList<>(steps);
    longer.add(new Step(at, material));
    return new TrustTimeline(caOverlap, List.copyOf(longer));
  }

  /** Why each required pair at the latest instant failed to handshake; empty when all completed. */
  List<String> untrustedPairs(HandshakeProbe probe) {
    Instant now = steps.getLast().at();
    List<String> failures = new ArrayList<>();
    for (var bundle : bundlesPossiblyHeld().entrySet()) {
      for (var leaf : leavesPossiblyServed().entrySet()) {
        Optional<String> failure = probe.failure(bundle.getKey(), leaf.getKey(), now);
        failure.ifPresent(
            reason ->
                failures.add(
                    "at "
                        + now
                        + " the caBundle published at "
                        + bundle.getValue()
                        + " does not trust the serving certificate stored at "
                        + leaf.getValue()
                        + ": "
                        + reason));
      }
    }
    return failures;
  }

  /** Each distinct caBundle an API server may hold now, with the instant it was published. */
  Map<List<X509Certificate>, Instant> bundlesPossiblyHeld() {
    Instant now = steps.getLast().at();
    Map<List<X509Certificate>, Instant> bundles = new LinkedHashMap<>();
    for (int index = 0; index < steps.size(); index++) {
      boolean latestOrPrevious = index >= steps.size() - 2;
      Instant replacedAt = index == steps.size() - 1 ? now : steps.get(index + 1).at();
      if (latestOrPrevious || replacedAt.isAfter(now.minus(caOverlap))) {
        bundles.putIfAbsent(steps.get(index).material().caBundle(), steps.get(index).at());
      }
    }
    return bundles;
  }

  /** Each distinct serving certificate some replica may present now, with when it was stored. */
  Map<ServingCertificate, Instant> leavesPossiblyServed() {
    Instant now = steps.getLast().at();
    Map<ServingCertificate, Instant> leaves = new LinkedHashMap<>();
    for (Step step : steps) {
      ServingCertificate serving = step.material().serving();
      boolean latest = step == steps.getLast();
      if (latest || !now.isAfter(serving.leaf().getNotAfter().toInstant())) {
        leaves.putIfAbsent(serving, step.at());
      }
    }
    return leaves;
  }
}
