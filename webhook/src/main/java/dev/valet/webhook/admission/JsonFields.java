package dev.valet.webhook.admission;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed reads of JSON fields that turn a missing or mistyped field into a {@link
 * BadReviewException} naming its path, never a ClassCastException.
 */
final class JsonFields {
  private JsonFields() {}

  static JsonObject object(JsonObject parent, String field, String path) throws BadReviewException {
    return optionalObject(parent, field, path)
        .orElseThrow(() -> new BadReviewException(path + " is missing"));
  }

  static Optional<JsonObject> optionalObject(JsonObject parent, String field, String path)
      throws BadReviewException {
    Object value = parent.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonObject object) {
      return Optional.of(object);
    }
    throw new BadReviewException(path + " must be an object");
  }

  static String string(JsonObject parent, String field, String path) throws BadReviewException {
    return optionalString(parent, field, path)
        .orElseThrow(() -> new BadReviewException(path + " is missing"));
  }

  static Optional<String> optionalString(JsonObject parent, String field, String path)
      throws BadReviewException {
    Object value = parent.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String string) {
      return Optional.of(string);
    }
    throw new BadReviewException(path + " must be a string");
  }

  static boolean optionalBoolean(JsonObject parent, String field, String path)
      throws BadReviewException {
    Object value = parent.getValue(field);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw new BadReviewException(path + " must be true or false");
  }

  static Optional<JsonArray> optionalArray(JsonObject parent, String field, String path)
      throws BadReviewException {
    Object value = parent.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonArray array) {
      return Optional.of(array);
    }
    throw new BadReviewException(path + " must be a list");
  }

  static JsonObject element(JsonArray array, int index, String path) throws BadReviewException {
    Object value = array.getValue(index);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new BadReviewException(path + "[" + index + "] must be an object");
  }

  /** A map of strings such as labels or annotations; absent means empty. */
  static Map<String, String> stringMap(JsonObject parent, String field, String path)
      throws BadReviewException {
    Optional<JsonObject> object = optionalObject(parent, field, path);
    Map<String, String> map = new TreeMap<>();
    if (object.isEmpty()) {
      return map;
    }
    for (Map.Entry<String, Object> entry : object.get()) {
      if (!(entry.getValue() instanceof String value)) {
        throw new BadReviewException(path + "." + entry.getKey() + " must be a string");
      }
      map.put(entry.getKey(), value);
    }
    return map;
  }
}
