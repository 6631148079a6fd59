package dev.valet.webhook.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a HELP or
 * TYPE comment, another comment, or a sample whose family was typed before it, with well-formed
 * labels and a number. Anything else fails the parse.
 */
final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

  private final Map<String, Double> samples = new HashMap<>();
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      parsed.read(lines[i], i + 1);
    }
    return parsed;
  }

  private void read(String line, int number) {
    if (line.isEmpty()) {
      return;
    }
    Matcher type = TYPE.matcher(line);
    if (type.matches()) {
      if (types.put(type.group(1), type.group(2)) != null) {
        throw new IllegalArgumentException("line " + number + ": family typed twice: " + line);
      }
      return;
    }
    if (HELP.matcher(line).matches() || (line.startsWith("#") && !line.startsWith("# TYPE"))) {
      return;
    }
    Matcher sample = SAMPLE.matcher(line);
    if (!sample.matches()) {
      throw new IllegalArgumentException("line " + number + " is not a sample: " + line);
    }
    String name = sample.group(1);
    if (familyOf(name).isEmpty()) {
      throw new IllegalArgumentException("line " + number + ": no TYPE before " + name);
    }
    String key = name + labels(sample.group(2), number);
    if (samples.put(key, number(sample.group(3), number)) != null) {
      throw new IllegalArgumentException("line " + number + ": sample repeated: " + key);
    }
  }

  private Optional<String> familyOf(String sample) {
    for (String suffix : new String[] {"", "_total", "_bucket", "_sum", "_count", "_created"}) {
      if (sample.endsWith(suffix)
          && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
        return Optional.of(sample.substring(0, sample.length() - suffix.length()));
      }
    }
    return Optional.empty();
  }

  private static String labels(String text, int number) {
    Map<String, String> labels = new TreeMap<>();
    if (text != null && !text.isEmpty()) {
      Matcher label = LABEL.matcher(text);
      int at = 0;
      Set<String> seen = new HashSet<>();
      while (at < text.length()) {
        if (!label.find(at) || label.start() != at || !seen.add(label.group(1))) {
          throw new IllegalArgumentException("line " + number + ": bad labels {" + text + "}");
        }
        labels.put(label.group(1), label.group(2));
        at = label.end();
      }
    }
    return labels.toString();
  }

  private static double number(String text, int number) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + number + ": not a number: " + text);
        }
      }
    };
  }

  /** The type of a family, as its TYPE line says. */
  Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** The value of the sample with exactly these labels (name, value, name, value...). */
  Optional<Double> value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return Optional.ofNullable(samples.get(name + wanted));
  }

  /** The value, or 0 for a sample not exported yet. */
  double valueOrZero(String name, String... labels) {
    return value(name, labels).orElse(0.0);
  }
}
