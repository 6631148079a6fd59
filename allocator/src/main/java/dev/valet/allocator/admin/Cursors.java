package dev.valet.allocator.admin;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque page cursors: the sort key of the last item of a page, so that the next page starts right
 * after it however many rows were added meanwhile.
 */
final class Cursors {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Cursors() {}

  static String ofId(long id) {
    return encode("i:" + id);
  }

  static long id(String cursor, String list) {
    String text = decode(cursor, list);
    if (!text.startsWith("i:")) {
      throw new InvalidCursorException(list);
    }
    try {
      return Long.parseLong(text.substring(2));
    } catch (NumberFormatException e) {
      throw new InvalidCursorException(list);
    }
  }

  static String ofTimeAndId(OffsetDateTime time, UUID id) {
    return encode("t:" + time + "|" + id);
  }

  /** The time and id of a cursor made by {@link #ofTimeAndId}. */
  record TimeAndId(OffsetDateTime time, UUID id) {}

  static TimeAndId timeAndId(String cursor, String list) {
    String text = decode(cursor, list);
    int bar = text.indexOf('|');
    if (!text.startsWith("t:") || bar < 0) {
      throw new InvalidCursorException(list);
    }
    try {
      return new TimeAndId(
          OffsetDateTime.parse(text.substring(2, bar)), UUID.fromString(text.substring(bar + 1)));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new InvalidCursorException(list);
    }
  }

  private static String encode(String text) {
    return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor, String list) {
    try {
      return new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException(list);
    }
  }
}
