package dev.valet.webhook.faults.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Makes malformed and odd AdmissionReviews from valid ones, reproducibly from a seed: fields
 * deleted, values of another type, huge strings and arrays, deep nesting, strange text, and byte
 * flips, insertions and truncations of the encoded body. Every body stays under the webhook's 3 MiB
 * limit.
 */
final class ReviewMutator {
  private static final String DEEP = "__valet_fuzz_deep__";
  private static final int MAX_HUGE = 900_000;
  private static final List<String> ODD_TEXT =
      List.of(
          "",
          " ",
          "CREATE ",
          "create",
          "Pod",
          "valet.dev/lease",
          "valet.dev/validator",
          "true",
          "-1",
          "99999999999999999999",
          "\u0000",
          "\uFFFF\uD800",
          "é/../..",
          "/var/run/../../etc",
          "a,b,,c",
          "lighthouse\n",
          "0x" + "ab".repeat(48));

  private final Random random;

  ReviewMutator(long seed) {
    this.random = new Random(seed);
  }

  /** A mutation of {@code review}, given a fresh uid first so that retries are not mistaken. */
  byte[] mutate(JsonObject review) {
    JsonObject copy = review.copy();
    copy.getJsonObject("request").put("uid", UUID.randomUUID().toString());
    int structural = 1 + random.nextInt(3);
    for (int i = 0; i < structural; i++) {
      mutateTree(copy);
    }
    String text = copy.encode();
    text = text.replace("\"" + DEEP + "\"", deepNesting());
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return random.nextInt(10) < 4 ? mutateBytes(body) : body;
  }

  private void mutateTree(JsonObject root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    Slot slot = slots.get(random.nextInt(slots.size()));
    switch (random.nextInt(6)) {
      case 0 -> slot.remove();
      case 1 -> slot.set(otherType(slot.get()));
      case 2 -> slot.set(huge());
      case 3 -> slot.set(DEEP);
      case 4 -> slot.set(ODD_TEXT.get(random.nextInt(ODD_TEXT.size())));
      default -> slot.rename(random);
    }
  }

  private Object otherType(Object current) {
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                null,
                true,
                false,
                0,
                -1,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                1e308,
                -0.0,
                "",
                "x",
                new JsonArray(),
                new JsonObject(),
                new JsonArray().add(1).add("a").addNull(),
                new JsonObject().put("", "")));
    values.removeIf(
        value -> value != null && current != null && value.getClass() == current.getClass());
    return values.get(random.nextInt(values.size()));
  }

  private Object huge() {
    int length = 1 + random.nextInt(MAX_HUGE);
    return switch (random.nextInt(3)) {
      case 0 -> "v".repeat(length);
      case 1 -> {
        JsonArray array = new JsonArray();
        for (int i = 0; i < Math.min(length, 50_000); i++) {
          array.add(i);
        }
        yield array;
      }
      default -> {
        JsonObject object = new JsonObject();
        for (int i = 0; i < Math.min(length, 20_000); i++) {
          object.put("valet.dev/k" + i, "v");
        }
        yield object;
      }
    };
  }

  private String deepNesting() {
    int depth = 50 + random.nextInt(5000);
    boolean arrays = random.nextBoolean();
    return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
  }

  private byte[] mutateBytes(byte[] body) {
    byte[] bytes = body;
    switch (random.nextInt(3)) {
      case 0 -> {
        bytes = body.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && bytes.length > 0; i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> {
        int at = random.nextInt(body.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(16)];
        random.nextBytes(inserted);
        bytes = new byte[body.length + inserted.length];
        System.arraycopy(body, 0, bytes, 0, at);
        System.arraycopy(inserted, 0, bytes, at, inserted.length);
        System.arraycopy(body, at, bytes, at + inserted.length, body.length - at);
      }
      default -> bytes = Arrays.copyOf(body, random.nextInt(body.length + 1));
    }
    return bytes;
  }

  private static void collect(Object node, List<Slot> slots) {
    if (node instanceof JsonObject object) {
      for (String key : List.copyOf(object.fieldNames())) {
        slots.add(new Slot(object, key, -1));
        collect(object.getValue(key), slots);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(array, null, i));
        collect(array.getValue(i), slots);
      }
    }
  }

  /** A place in the tree: a key of an object or an index of an array. */
  private record Slot(Object parent, String key, int index) {
    Object get() {
      return parent instanceof JsonObject object
          ? object.getValue(key)
          : ((JsonArray) parent).getValue(index);
    }

    void set(Object value) {
      if (parent instanceof JsonObject object) {
        object.put(key, value);
      } else {
        ((JsonArray) parent).set(index, value);
      }
    }

    void remove() {
      if (parent instanceof JsonObject object) {
        object.remove(key);
      } else {
        ((JsonArray) parent).remove(index);
      }
    }

    void rename(Random random) {
      if (parent instanceof JsonObject object) {
        Object value = object.remove(key);
        String renamed =
            random.nextBoolean() ? key.toUpperCase(java.util.Locale.ROOT) : key + "\u200b";
        object.put(renamed, value);
      } else {
        remove();
      }
    }
  }
}
