package dev.valet.webhook.bench;

import java.nio.file.Files;
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

  static BareEndpointProcess start(Path tlsDir, Path workDir) throws Exception {
    Path portFile = workDir.resolve("bare-endpoint.port");
    Path log = workDir.resolve("bare-endpoint.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    BareEndpoint.class.getName(),
                    tlsDir.resolve("tls.crt").toString(),
                    tlsDir.resolve("tls.key").toString(),
                    portFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        ValetProcess.stop(process);
        throw new IllegalStateException("the bare endpoint did not start; see " + log);
      }
      Thread.sleep(20);
    }
    return new BareEndpointProcess(process, Integer.parseInt(Files.readString(portFile).strip()));
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    ValetProcess.stop(process);
  }
}
