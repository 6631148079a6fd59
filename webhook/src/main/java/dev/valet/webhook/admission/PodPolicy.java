package dev.valet.webhook.admission;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.inject.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what a validator pod asks for and refuses what it may not bring. A pod never chooses its
 * pool, lease or key: a lease label, a public key annotation or any {@code valet.dev/} label or
 * annotation Valet did not define for pods is refused.
 */
public final class PodPolicy {
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");

  private PodPolicy() {}

  /** True when the pod is labelled as a validator that wants keys. */
  public static boolean isValidator(PodRequest pod) {
    return "true".equals(pod.labels().get(ValetLabels.VALIDATOR));
  }

  /**
   * Decides the injection, or says why the pod is refused.
   *
   * @param maxKeysPerPod the pool's limit, for a message that names it
   */
  public static Decision decide(PodRequest pod, int maxKeysPerPod) {
    Optional<String> spoofed = spoofed(pod);
    if (spoofed.isPresent()) {
      return new Decision.Refused(spoofed.get());
    }
    try {
      int count = keyCount(pod.annotations(), maxKeysPerPod);
      String mountPath = mountPath(pod.annotations());
      Layout layout = layout(pod.annotations());
      List<PodRequest.Container> targets = targets(pod);
      List<PodRequest.Container> initTargets = initTargets(pod);
      checkConflicts(targets, mountPath);
      checkConflicts(initTargets, mountPath);
      return new Decision.Inject(new Injection(count, targets, initTargets, mountPath, layout));
    } catch (IllegalArgumentException e) {
      return new Decision.Refused(e.getMessage());
    }
  }

  /** The outcome of {@link #decide}. */
  public sealed interface Decision {
    record Inject(Injection injection) implements Decision {}

    record Refused(String reason) implements Decision {}
  }

  private static Optional<String> spoofed(PodRequest pod) {
    for (String label : pod.labels().keySet()) {
      if (label.startsWith(ValetLabels.PREFIX) && !label.equals(ValetLabels.VALIDATOR)) {
        return Optional.of(
            "the pod carries the label "
                + label
                + ", which only Valet sets; remove it from the pod template");
      }
    }
    for (String annotation : pod.annotations().keySet()) {
      if (annotation.startsWith(ValetLabels.PREFIX)
          && !ValetLabels.POD_MAY_SET.contains(annotation)) {
        return Optional.of(
            "the pod carries the annotation "
                + annotation
                + ", which a pod may not set; remove it (a pod may set "
                + String.join(", ", ValetLabels.POD_MAY_SET.stream().sorted().toList())
                + ")");
      }
    }
    if (pod.volumeNames().contains(ValetLabels.VOLUME)) {
      return Optional.of(
          "the pod already has a volume named "
              + ValetLabels.VOLUME
              + ", which Valet adds; rename that volume");
    }
    // Only the containers the pod names get the keys: a mount of Valet's volume that the pod
    // brings would hand them to any other container or init container.
    for (PodRequest.Container container :
        Stream.concat(pod.containers().stream(), pod.initContainers().stream()).toList()) {
      if (container.mountedVolumes().contains(ValetLabels.VOLUME)) {
        return Optional.of(
            "container '"
                + container.name()
                + "' already mounts a volume named "
                + ValetLabels.VOLUME
                + ", which Valet adds and mounts only in the containers named by "
                + ValetLabels.CONTAINERS
                + " and "
                + ValetLabels.INIT_CONTAINERS
                + "; remove that mount");
      }
    }
    return Optional.empty();
  }

  private static int keyCount(Map<String, String> annotations, int maxKeysPerPod) {
    String value = annotations.get(ValetLabels.KEYS);
    if (value == null) {
      return 1;
    }
    int count;
    try {
      count = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1 || count > maxKeysPerPod) {
      throw new IllegalArgumentException(
          "annotation "
              + ValetLabels.KEYS
              + " must be a whole number from 1 to "
              + maxKeysPerPod
              + " (the pool's maxKeysPerPod)");
    }
    return count;
  }

  private static String mountPath(Map<String, String> annotations) {
    String path = annotations.getOrDefault(ValetLabels.MOUNT_PATH, ValetLabels.DEFAULT_MOUNT_PATH);
    boolean dotSegment =
        Arrays.stream(path.split("/")).anyMatch(s -> s.equals("..") || s.equals("."));
    if (!SAFE_PATH.matcher(path).matches()
        || dotSegment
        || path.equals("/")
        || path.length() > 256) {
      throw new IllegalArgumentException(
          "annotation "
              + ValetLabels.MOUNT_PATH
              + " must be an absolute directory path of letters, digits, '.', '_', '-' and '/',"
              + " without '.' or '..' segments and not '/'");
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Layout layout(Map<String, String> annotations) {
    String value = annotations.get(ValetLabels.LAYOUT);
    if (value == null) {
      return Layout.VALET;
    }
    return Layout.fromLabel(value.strip())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "annotation " + ValetLabels.LAYOUT + " must be one of: " + Layout.allowed()));
  }

  private static List<PodRequest.Container> targets(PodRequest pod) {
    String named = pod.annotations().get(ValetLabels.CONTAINERS);
    if (named == null) {
      if (pod.containers().size() == 1) {
        return pod.containers();
      }
      throw new IllegalArgumentException(
          "the pod has "
              + pod.containers().size()
              + " containers; name the ones that get the keys in the annotation "
              + ValetLabels.CONTAINERS
              + " (comma-separated)");
    }
    Set<String> wanted = names(named);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException(
          "annotation " + ValetLabels.CONTAINERS + " names no container");
    }
    List<PodRequest.Container> targets = new ArrayList<>();
    for (String name : wanted) {
      targets.add(
          pod.containers().stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "annotation "
                              + ValetLabels.CONTAINERS
                              + " names container '"
                              + name
                              + "', which is not among the pod's containers ("
                              + String.join(
                                  ", ",
                                  pod.containers().stream()
                                      .map(PodRequest.Container::name)
                                      .toList())
                              + "); init and ephemeral containers never get keys through this"
                              + " annotation (name init containers in "
                              + ValetLabels.INIT_CONTAINERS
                              + ")")));
    }
    return List.copyOf(targets);
  }

  /** The init containers the pod names in {@link ValetLabels#INIT_CONTAINERS}; none without it. */
  private static List<PodRequest.Container> initTargets(PodRequest pod) {
    String named = pod.annotations().get(ValetLabels.INIT_CONTAINERS);
    if (named == null) {
      return List.of();
    }
    List<PodRequest.Container> targets = new ArrayList<>();
    for (String name : names(named)) {
      targets.add(
          pod.initContainers().stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "annotation "
                              + ValetLabels.INIT_CONTAINERS
                              + " names init container '"
                              + name
                              + "', which is not among the pod's init containers ("
                              + String.join(
                                  ", ",
                                  pod.initContainers().stream()
                                      .map(PodRequest.Container::name)
                                      .toList())
                              + ")")));
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "annotation " + ValetLabels.INIT_CONTAINERS + " names no init container");
    }
    return List.copyOf(targets);
  }

  private static Set<String> names(String commaSeparated) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : commaSeparated.split(",")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names;
  }

  private static void checkConflicts(List<PodRequest.Container> targets, String mountPath) {
    for (PodRequest.Container container : targets) {
      if (container.mountPaths().contains(mountPath)) {
        throw new IllegalArgumentException(
            "container '"
                + container.name()
                + "' already mounts something at "
                + mountPath
                + "; choose another path with the annotation "
                + ValetLabels.MOUNT_PATH);
      }
    }
  }
}
