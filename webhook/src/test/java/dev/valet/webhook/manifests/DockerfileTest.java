package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image is built in two stages and its last one holds a JRE 21 or newer, the jar and nothing
 * else of the build, and runs as an unprivileged user: what the Deployment's securityContext
 * expects.
 */
class DockerfileTest {
  private static final Path DOCKERFILE = Path.of("..", "Dockerfile");

  @Test
  void theRuntimeStageIsAJreOfVersion21OrNewerWithOnlyTheJar() throws IOException {
    List<String> runtime = runtimeStage();

    assertThat(stages()).isGreaterThanOrEqualTo(2);
    String from = runtime.getFirst();
    assertThat(from).matches("FROM \\S+:(2[1-9]|[3-9][0-9])[-.a-z0-9]*-jre\\S*");
    assertThat(runtime)
        .filteredOn(line -> line.startsWith("COPY") || line.startsWith("ADD"))
        .singleElement()
        .satisfies(copy -> assertThat(copy).startsWith("COPY --from=").contains(".jar "));
  }

  @Test
  void theImageRunsAsANumericUserThatIsNotRoot() throws IOException {
    String user =
        runtimeStage().stream()
            .filter(line -> line.startsWith("USER "))
            .reduce((a, b) -> b)
            .orElseThrow();

    String uid = user.substring("USER ".length()).split(":")[0];
    assertThat(uid).matches("[0-9]+");
    assertThat(Integer.parseInt(uid)).isPositive();
  }

  private static long stages() throws IOException {
    return instructions().stream().filter(line -> line.startsWith("FROM ")).count();
  }

  /** The instructions from the last FROM on. */
  private static List<String> runtimeStage() throws IOException {
    List<String> lines = instructions();
    int last = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return lines.subList(last, lines.size());
  }

  /** Each instruction on one line, without comments. */
  private static List<String> instructions() throws IOException {
    String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\\n", " ");
    return joined
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }
}
