package dev.valet.webhook.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of the configuration file, read with typed getters that name the setting's path in
 * every error. {@link #finish} refuses keys nobody read, so a misspelt setting is an error rather
 * than a silently ignored one.
 */
final class Section {
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new TreeSet<>();

  Section(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  static Section root(Object document) {
    if (document == null) {
      return new Section("", new LinkedHashMap<>());
    }
    return new Section("", mapping(document, "the configuration file"));
  }

  Optional<String> string(String key) {
    Object value = take(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    throw new ConfigException(name(key) + " must be a single value");
  }

  /** True when the key holds a mapping rather than a single value. */
  boolean isSection(String key) {
    return values.get(key) instanceof Map<?, ?>;
  }

  Optional<Path> path(String key) {
    return string(key).map(Path::of);
  }

  int integer(String key, int fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get().strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name(key) + " must be a whole number; it is '" + value.get() + "'");
    }
  }

  long wholeNumber(String key, long fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.get().strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name(key) + " must be a whole number; it is '" + value.get() + "'");
    }
  }

  Optional<Integer> optionalInteger(String key) {
    return string(key).isPresent() ? Optional.of(integer(key, 0)) : Optional.empty();
  }

  Duration duration(String key, Duration fallback) {
    return string(key).map(text -> Durations.parse(text, name(key))).orElse(fallback);
  }

  Optional<Section> section(String key) {
    Object value = take(key);
    return value == null
        ? Optional.empty()
        : Optional.of(new Section(name(key), mapping(value, name(key))));
  }

  /** A list of single values; empty when the key is absent. */
  List<String> strings(String key) {
    Object value = take(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw new ConfigException(name(key) + " must be a list");
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (!(item instanceof String || item instanceof Number)) {
        throw new ConfigException(name(key) + "[" + i + "] must be a single value");
      }
      strings.add(item.toString());
    }
    return strings;
  }

  List<Section> list(String key) {
    Object value = take(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw new ConfigException(name(key) + " must be a list");
    }
    List<Section> sections = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = name(key) + "[" + i + "]";
      sections.add(new Section(itemPath, mapping(items.get(i), itemPath)));
    }
    return sections;
  }

  String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Fails on any key that was not read. */
  void finish() {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        throw new ConfigException(
            "unknown setting "
                + name(key)
                + (read.isEmpty() ? "" : "; settings here are: " + String.join(", ", read)));
      }
    }
  }

  private Object take(String key) {
    read.add(key);
    return values.get(key);
  }

  private static Map<String, Object> mapping(Object value, String where) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new ConfigException(where + " must be a mapping of settings");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
