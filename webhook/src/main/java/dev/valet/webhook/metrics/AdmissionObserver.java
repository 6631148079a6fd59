package dev.valet.webhook.metrics;

import dev.valet.webhook.admission.AdmissionDecision;

/** Told of every answered admission: what was decided, and how long it took. */
public interface AdmissionObserver {

  /** Observes nothing. */
  AdmissionObserver NONE = (decision, nanos) -> {};

  /**
   * @param decision the answer sent to the API server
   * @param nanos from reading the request to deciding
   */
  void answered(AdmissionDecision decision, long nanos);
}
