package dev.valet.webhook.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link BareEndpoint} in a JVM of its own, like Valet's, stopped by its own process handle. */
final class BareEndpointProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private BareEndpointProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static BareEndpointProcess start(Path tlsDir, Path log) throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    BareEndpoint.class.getName(),
                    tlsDir.resolve("tls.crt").toString(),
                    tlsDir.resolve("tls.key").toString()))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null) {
      process.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the bare endpoint did not start; see " + log);
    }
    return new BareEndpointProcess(process, Integer.parseInt(first.strip()));
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    ValetProcess.stop(process);
  }
}
