package dev.valet.webhook.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code valet serve --local} as its own JVM, started from the built jar the way the README runs
 * it, with a GC log for its heap. Stopped by its own process handle.
 */
public final class ValetProcess implements AutoCloseable {
  private static final Duration READY_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final GcLog gcLog;
  private final long readyNanos;

  private ValetProcess(Process process, Path dataDir, int port, GcLog gcLog, long readyNanos) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.gcLog = gcLog;
    this.readyNanos = readyNanos;
  }

  /**
   * Starts Valet and waits until its {@code /readyz} answers 200 over TLS.
   *
   * @param jar valet.jar
   * @param workDir where its data directory, GC log and output go
   * @param serveArguments the arguments after {@code serve}
   */
  public static ValetProcess start(Path jar, Path workDir, int port, List<String> serveArguments)
      throws Exception {
    Path dataDir = workDir.resolve("valet-data");
    Path gcFile = workDir.resolve("valet-gc.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:gc:file=" + gcFile + ":uptime");
    command.add("-jar");
    command.add(jar.toString());
    command.add("serve");
    command.addAll(serveArguments);
    command.addAll(
        List.of("--local", "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("valet.log").toFile())
            .start();
    try {
      long ready = awaitReady(process, dataDir.resolve("tls").resolve("ca.crt"), port) - start;
      return new ValetProcess(process, dataDir, port, new GcLog(gcFile), ready);
    } catch (Exception e) {
      stop(process);
      throw new IllegalStateException(
          e.getMessage() + "; the end of its output:\n" + tail(workDir.resolve("valet.log")), e);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static long awaitReady(Process process, Path caFile, int port) throws Exception {
    long deadline = System.nanoTime() + READY_LIMIT.toNanos();
    HttpClient client = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("valet serve exited with " + process.exitValue());
      }
      if (client == null && Files.exists(caFile) && Files.size(caFile) > 0) {
        client = trusting(caFile);
      }
      if (client != null && answersReady(client, port)) {
        return System.nanoTime();
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("valet serve was not ready within " + READY_LIMIT);
  }

  private static boolean answersReady(HttpClient client, int port) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static HttpClient trusting(Path caFile) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path caFile() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  public Path tlsDir() {
    return dataDir.resolve("tls");
  }

  /** From the process's start to its first 200 on {@code /readyz}. */
  public long readyNanos() {
    return readyNanos;
  }

  public GcLog gcLog() {
    return gcLog;
  }

  /**
   * Asks the JVM for a full collection ({@code jcmd PID GC.run}) and returns the heap it kept: what
   * the process really holds, apart from how large the collector let the heap grow meanwhile.
   */
  public long liveAfterFullCollectionMib() throws IOException, InterruptedException {
    int before = gcLog.collections().size();
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
      stop(jcmd);
      throw new IllegalStateException("jcmd GC.run did not finish within 60 s");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<GcLog.Collection> collections = gcLog.collections();
      if (collections.size() > before) {
        return collections.getLast().afterMib();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the full collection did not show in the GC log");
  }

  /** The process's resident memory high-water mark in MiB, from {@code /proc}. */
  public long peakResidentMib() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() {
    stop(process);
  }

  /** Stops a process this benchmark started: SIGTERM, then SIGKILL if it has not ended in 20 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
