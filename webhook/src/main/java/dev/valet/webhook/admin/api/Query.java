package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.PageRequest;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query parameters of one request, checked: each at most once, none that the route does not
 * know, and each value one that is allowed, with a message that says what is.
 */
final class Query {
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_REASON = 256;

  private final MultiMap parameters;

  private Query(MultiMap parameters) {
    this.parameters = parameters;
  }

  /** The parameters, refusing any not in {@code known}. */
  static Query of(MultiMap parameters, Set<String> known) {
    for (String name : parameters.names()) {
      if (!known.contains(name)) {
        throw new BadQueryException(
            "unknown parameter '"
                + name
                + "'; this route takes: "
                + String.join(", ", new TreeSet<>(known)));
      }
      if (parameters.getAll(name).size() > 1) {
        throw new BadQueryException("parameter '" + name + "' is given more than once");
      }
    }
    return new Query(parameters);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** {@code limit} (1 to 500, default 50) and {@code cursor}. */
  PageRequest page() {
    int limit = PageRequest.DEFAULT_LIMIT;
    Optional<String> text = get("limit");
    if (text.isPresent()) {
      try {
        limit = Integer.parseInt(text.get());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
        throw new BadQueryException(
            "limit must be a whole number from 1 to " + PageRequest.MAX_LIMIT);
      }
    }
    return new PageRequest(limit, get("cursor"));
  }

  /** A namespace name, as Kubernetes allows it. */
  Optional<String> namespace() {
    Optional<String> namespace = get("namespace");
    if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
      throw new BadQueryException(
          "namespace must be a Kubernetes namespace name: 1-63 lower-case letters, digits and"
              + " '-', starting and ending with a letter or digit");
    }
    return namespace;
  }

  /** A value of {@code name} that must be one of {@code allowed}, parsed by {@code parse}. */
  <T> Optional<T> oneOf(String name, List<String> allowed, Function<String, T> parse) {
    Optional<String> value = get(name);
    if (value.isPresent() && !allowed.contains(value.get())) {
      throw new BadQueryException(
          name
              + " '"
              + value.get()
              + "' is not allowed; allowed values: "
              + String.join(", ", allowed));
    }
    return value.map(parse);
  }

  /** {@code force}: true or false, false when absent. */
  boolean force() {
    return oneOf("force", List.of("true", "false"), Boolean::parseBoolean).orElse(false);
  }

  /** {@code reason}: one line of free text for the audit log, up to 256 characters. */
  Optional<String> reason() {
    Optional<String> reason = get("reason").map(String::strip).filter(text -> !text.isEmpty());
    if (reason.isPresent() && reason.get().length() > MAX_REASON) {
      throw new BadQueryException("reason must be at most " + MAX_REASON + " characters");
    }
    // The reason reaches the log: a line break or a terminal escape would let it forge entries.
    if (reason.isPresent() && reason.get().chars().anyMatch(Character::isISOControl)) {
      throw new BadQueryException(
          "reason must be one line of text, without line breaks or other control characters");
    }
    return reason;
  }

  /** Refuses a pool that the database does not know, naming the ones it knows. */
  static void requireKnownPool(Optional<String> pool, List<String> known) {
    if (pool.isPresent() && !known.contains(pool.get())) {
      throw new BadQueryException(
          "pool '"
              + pool.get()
              + "' is not known; allowed values: "
              + (known.isEmpty() ? "(no pool yet)" : String.join(", ", known)));
    }
  }
}
