package dev.valet.webhook.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written as operators write them: {@code 768s}, {@code 2m}, {@code 1h30m}, {@code
 * 500ms}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; the exception names {@code setting}. */
  public static Duration parse(String text, String setting) {
    String value = text == null ? "" : text.strip();
    Matcher matcher = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = matcher.end();
    }
    if (value.isEmpty() || end != value.length()) {
      throw new ConfigException(
          setting + " must be a duration such as 768s, 2m, 1h30m or 500ms; it is '" + value + "'");
    }
    return total;
  }

  /** Formats a duration in the same notation, for messages and the README. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (duration.toMillisPart() != 0 || seconds == 0) {
      return duration.toMillis() + "ms";
    }
    return seconds + "s";
  }
}
