package dev.valet.webhook.admission;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The parts of an admission.k8s.io/v1 AdmissionReview request that Valet reads. Unknown fields are
 * ignored.
 *
 * @param uid the request uid, echoed in the response and the key of retries
 * @param kind the object's kind, such as Pod
 * @param resourceGroup the API group of the resource, empty for the core group
 * @param resource the resource, such as pods
 * @param subResource the subresource, empty for the object itself
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace the namespace of the object
 * @param dryRun whether the request is a dry run that must change nothing
 * @param object the object being admitted
 */
public record AdmissionRequest(
    String uid,
    String kind,
    String resourceGroup,
    String resource,
    String subResource,
    String operation,
    String namespace,
    boolean dryRun,
    JsonObject object) {

  public static final String API_VERSION = "admission.k8s.io/v1";

  /**
   * The uid keys a lease, so it is stored and indexed: a uid the API server would never send (it
   * sends a UUID) is refused before it reaches the database.
   */
  private static final int MAX_UID_LENGTH = 128;

  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

  /** Parses a request body; the exception's message says what is wrong with it. */
  public static AdmissionRequest parse(Buffer body) throws BadReviewException {
    if (body == null || body.length() == 0) {
      throw new BadReviewException("the body is empty; POST an AdmissionReview");
    }
    JsonObject review;
    try {
      Object decoded = io.vertx.core.json.Json.decodeValue(body);
      if (!(decoded instanceof JsonObject object)) {
        throw new BadReviewException("the body must be a JSON object (an AdmissionReview)");
      }
      review = object;
    } catch (DecodeException e) {
      throw new BadReviewException("the body is not valid JSON");
    }
    String apiVersion = JsonFields.optionalString(review, "apiVersion", "apiVersion").orElse("");
    String reviewKind = JsonFields.optionalString(review, "kind", "kind").orElse("");
    if (!API_VERSION.equals(apiVersion) || !"AdmissionReview".equals(reviewKind)) {
      throw new BadReviewException(
          "expected kind AdmissionReview of apiVersion "
              + API_VERSION
              + "; set admissionReviewVersions to [v1] in the webhook configuration");
    }
    JsonObject request = JsonFields.object(review, "request", "request");
    String uid = JsonFields.string(request, "uid", "request.uid");
    if (uid.isBlank()) {
      throw new BadReviewException("request.uid is empty");
    }
    if (uid.length() > MAX_UID_LENGTH || !PRINTABLE.matcher(uid).matches()) {
      throw new BadReviewException(
          "request.uid must be at most "
              + MAX_UID_LENGTH
              + " printable ASCII characters (the API server sends a UUID)");
    }
    try {
      return parseRequest(uid, request);
    } catch (BadReviewException e) {
      throw e.withUid(uid);
    }
  }

  private static AdmissionRequest parseRequest(String uid, JsonObject request)
      throws BadReviewException {
    JsonObject kind = JsonFields.object(request, "kind", "request.kind");
    JsonObject resource = JsonFields.object(request, "resource", "request.resource");
    return new AdmissionRequest(
        uid,
        JsonFields.string(kind, "kind", "request.kind.kind"),
        JsonFields.optionalString(resource, "group", "request.resource.group").orElse(""),
        JsonFields.string(resource, "resource", "request.resource.resource"),
        JsonFields.optionalString(request, "subResource", "request.subResource").orElse(""),
        JsonFields.string(request, "operation", "request.operation"),
        JsonFields.optionalString(request, "namespace", "request.namespace").orElse(""),
        JsonFields.optionalBoolean(request, "dryRun", "request.dryRun"),
        JsonFields.optionalObject(request, "object", "request.object").orElse(null));
  }

  /** True for the creation of a pod itself (not one of its subresources). */
  public boolean isPodCreate() {
    return resourceGroup.isEmpty()
        && "pods".equals(resource)
        && subResource.isEmpty()
        && "CREATE".equals(operation);
  }
}
