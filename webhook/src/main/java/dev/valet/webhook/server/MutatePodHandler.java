package dev.valet.webhook.server;

import dev.valet.webhook.admission.AdmissionDecision;
import dev.valet.webhook.admission.AdmissionRequest;
import dev.valet.webhook.admission.BadReviewException;
import dev.valet.webhook.admission.Failures;
import dev.valet.webhook.admission.PodAdmission;
import dev.valet.webhook.metrics.AdmissionObserver;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /mutate}: reads an AdmissionReview and answers it. A body that is not an
 * AdmissionReview gets a 400 with a reason; once the request uid is known, every answer is an
 * AdmissionReview, so the API server shows the reason to whoever created the pod.
 */
public final class MutatePodHandler implements Handler<RoutingContext> {
  private final PodAdmission admission;
  private final AdmissionObserver observer;

  public MutatePodHandler(PodAdmission admission) {
    this(admission, AdmissionObserver.NONE);
  }

  /**
   * @param observer told of every answer and how long it took
   */
  public MutatePodHandler(PodAdmission admission, AdmissionObserver observer) {
    this.admission = admission;
    this.observer = observer;
  }

  @Override
  public void handle(RoutingContext context) {
    long started = System.nanoTime();
    AdmissionRequest request;
    try {
      request = AdmissionRequest.parse(context.body().buffer());
    } catch (BadReviewException e) {
      AdmissionDecision denial = AdmissionDecision.deny(400, e.getMessage());
      observer.answered(denial, System.nanoTime() - started);
      if (e.uid().isPresent()) {
        answer(context, e.uid().get(), denial);
      } else {
        Responses.error(context, 400, e.getMessage());
      }
      return;
    }
    admission
        .admit(request)
        .onComplete(
            result -> {
              AdmissionDecision decision =
                  result.succeeded()
                      ? result.result()
                      : AdmissionDecision.deny(500, Failures.describe(result.cause()));
              observer.answered(decision, System.nanoTime() - started);
              answer(context, request.uid(), decision);
            });
  }

  private static void answer(RoutingContext context, String uid, AdmissionDecision decision) {
    JsonObject review = decision.toReview(uid);
    context.response().putHeader("Content-Type", "application/json").end(review.toBuffer());
  }
}
