package dev.valet.allocator.lease;

import java.util.Objects;

/**
 * The pod a lease is for, as the admission request names it. A pod created with {@code
 * generateName} has an empty name until the API server stores it, so nothing is keyed on the name.
 */
public record PodReference(String namespace, String name, String generateName) {
  public PodReference {
    Objects.requireNonNull(namespace, "namespace");
    name = name == null ? "" : name;
    generateName = generateName == null ? "" : generateName;
  }

  /** The name for messages: the name, or the generateName prefix followed by a star. */
  public String displayName() {
    return name.isEmpty() ? generateName + "*" : name;
  }
}
