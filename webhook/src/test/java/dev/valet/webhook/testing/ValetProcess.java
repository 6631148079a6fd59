package dev.valet.webhook.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code valet serve} as a process of its own, the way a container runs it: a separate JVM started
 * from this test's class path with the java binary of the running JVM, reading a configuration file
 * and a kubeconfig. Its output goes to a file, so a failing test can show it. {@link #kill} ends it
 * with SIGKILL, as the kernel's OOM killer or a node failure would; {@link #stop} with SIGTERM, as
 * Kubernetes stops a container.
 */
public final class ValetProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final String MAIN_CLASS = "dev.valet.webhook.cli.Main";

  private final Process process;
  private final Path log;
  private final int port;

  private ValetProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code valet serve --config config --kubeconfig kubeconfig} with {@code jvmOptions} and
   * returns once {@code /readyz} answers 200 on {@code port}.
   *
   * @param log where the process's standard output and error are appended
   */
  public static ValetProcess start(
      Path config, Path kubeconfig, int port, String caPem, Path log, List<String> jvmOptions)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(classPath());
    command.add(MAIN_CLASS);
    command.addAll(
        List.of("serve", "--config", config.toString(), "--kubeconfig", kubeconfig.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    ValetProcess valet = new ValetProcess(process, log, port);
    try {
      valet.awaitReady(caPem);
      return valet;
    } catch (Exception | Error e) {
      valet.close();
      throw new AssertionError("Valet did not become ready; its output:\n" + valet.output(), e);
    }
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(String caPem) throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Valet exited with " + process.exitValue());
      }
      try {
        ReadinessProbe.await(port, caPem, Duration.ofSeconds(2));
        return;
      } catch (AssertionError notYet) {
        // Still starting: its database migrations, pools and namespace cache come first.
      }
    }
    throw new AssertionError("no 200 from /readyz within " + READY_TIMEOUT.toSeconds() + " s");
  }

  /** The process id, as the kernel knows it. */
  public long pid() {
    return process.pid();
  }

  /** The port of {@code https://127.0.0.1:<port>/mutate}. */
  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends SIGKILL to this process, by its own id, and waits until it is gone. Nothing of Valet runs
   * after it: no shutdown hook, no roll-back, no release of the Kubernetes Lease.
   *
   * @return the exit status, 137 (128 + 9) on Linux
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("process " + process.pid() + " survived SIGKILL");
    }
    return process.exitValue();
  }

  /** Sends SIGTERM and waits for Valet to shut down; SIGKILL if it does not. */
  public void stop() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** What the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Surefire names the test class path in a property of its own; plain JUnit runs use the JVM's.
   */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
