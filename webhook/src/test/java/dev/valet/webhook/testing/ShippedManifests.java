package dev.valet.webhook.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code kubectl apply -k manifests/<directory>} would send: the directory built by kubectl's
 * own kustomize, read into fabric8's model classes. The build runs on a copy of {@code manifests/},
 * where the dev overlay's {@code make-secrets.sh} has written the files its Secrets are generated
 * from, so the tree in the repository is never changed.
 */
public final class ShippedManifests {
  /**
   * {@code manifests/} of this checkout: the tests run in the webhook module, the benchmark at the
   * repository's top level, so it is looked for in the working directory and above it.
   */
  public static final Path ROOT = locateRoot();

  private static final long BUILD_TIMEOUT_SECONDS = 60;

  private static ShippedManifests base;

  private final String directory;

  private static Path locateRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path manifests = dir.resolve("manifests");
      if (Files.isDirectory(manifests.resolve("base"))) {
        return manifests;
      }
    }
    throw new IllegalStateException(
        "no manifests/base in the working directory or above it; run from the Valet checkout");
  }

  private final List<HasMetadata> objects;

  private ShippedManifests(String directory, List<HasMetadata> objects) {
    this.directory = directory;
    this.objects = List.copyOf(objects);
  }

  /**
   * Builds {@code manifests/<directory>}, such as {@code base} or {@code overlays/dev}.
   *
   * @throws IllegalStateException if kubectl is missing or the build fails, with its message
   */
  public static ShippedManifests build(String directory) throws IOException, InterruptedException {
    Path copy = Files.createTempDirectory("valet-manifests-");
    try {
      copyTree(ROOT, copy);
      run(copy, List.of("sh", "overlays/dev/make-secrets.sh"));
      String yaml = run(copy, List.of("kubectl", "kustomize", directory));
      return new ShippedManifests(directory, parse(yaml));
    } finally {
      deleteTree(copy);
    }
  }

  /** {@code manifests/base}, built once per test JVM. */
  public static synchronized ShippedManifests base() throws IOException, InterruptedException {
    if (base == null) {
      base = build("base");
    }
    return base;
  }

  /** Every object of the build, in kustomize's order. */
  public List<HasMetadata> objects() {
    return objects;
  }

  /** The objects of {@code type}. */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** A copy of the one object of {@code type} named {@code name}, the caller's to change. */
  public <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> named = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError(
          directory
              + " has "
              + named.size()
              + " "
              + type.getSimpleName()
              + " named "
              + name
              + ", not one");
    }
    return copyOf(named.getFirst());
  }

  /** A deep copy of {@code object}. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T copyOf(T object) {
    return (T) Serialization.unmarshal(Serialization.asJson(object), object.getClass());
  }

  /** Each YAML document as the fabric8 model class of its kind. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : yaml.split("(?m)^---$")) {
      if (!document.strip().isEmpty()) {
        parsed.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return parsed;
  }

  private static String run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          command.getFirst()
              + " could not be started ("
              + e.getMessage()
              + "); the manifest tests need kubectl 1.27 or newer on PATH (its built-in"
              + " kustomize builds the overlays)",
          e);
    }
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed ("
              + process.exitValue()
              + "): "
              + new String(err, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!isSecretFile(path)) {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** A developer's own dev secrets stay where they are; the copy gets fresh ones. */
  private static boolean isSecretFile(Path path) {
    String name = path.getFileName().toString();
    return name.equals("master.key") || name.equals("postgres-password");
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
