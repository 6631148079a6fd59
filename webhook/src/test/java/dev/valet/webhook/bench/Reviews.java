package dev.valet.webhook.bench;

import dev.valet.webhook.testing.AdmissionClient;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** AdmissionReviews for the load: each the CREATE of a new validator pod with its own uid. */
final class Reviews {
  private Reviews() {}

  static List<Buffer> podCreates(String namespace, String prefix, int count) {
    List<Buffer> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(
          AdmissionClient.podCreate(
                  UUID.randomUUID().toString(),
                  namespace,
                  AdmissionClient.validatorPod(prefix + "-" + i),
                  false)
              .toBuffer());
    }
    return bodies;
  }
}
