package dev.valet.allocator.testing.chain;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Ethereum dev chain for tests: anvil, named by {@code VALET_TEST_ANVIL}, started on
 * 127.0.0.1 at a free port and stopped by its process id. Without the variable, tests that need one
 * are skipped with a message.
 */
public final class DevChain implements AutoCloseable {
  public static final String ANVIL_VARIABLE = "VALET_TEST_ANVIL";
  public static final long DEFAULT_CHAIN_ID = 1337;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final URI url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private long requestId;

  private DevChain(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /** Skips the calling test, with a message, when no anvil is configured. */
  public static Path anvilOrSkip() {
    String configured = System.getenv(ANVIL_VARIABLE);
    assumeTrue(
        configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured)),
        ANVIL_VARIABLE
            + " does not name an anvil executable: tests against a dev chain are skipped (.ci/run"
            + " installs anvil from npm and sets it)");
    return Path.of(configured);
  }

  /** A chain with instant mining and chain id 1337. */
  public static DevChain start() throws IOException, InterruptedException {
    return start(DEFAULT_CHAIN_ID, List.of());
  }

  /**
   * Starts anvil.
   *
   * @param extraArguments such as {@code --block-time 1}
   */
  public static DevChain start(long chainId, List<String> extraArguments)
      throws IOException, InterruptedException {
    Path anvil = anvilOrSkip();
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            anvil.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(chainId),
            "--accounts",
            "1",
            "--silent"));
    command.addAll(extraArguments);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    DevChain chain = new DevChain(process, URI.create("http://127.0.0.1:" + port));
    chain.awaitReady();
    return chain;
  }

  public URI url() {
    return url;
  }

  /** Sets an account's balance in wei. */
  public void setBalance(String address, BigInteger wei) {
    call("anvil_setBalance", new JsonArray().add(address).add("0x" + wei.toString(16)));
  }

  /** Mines {@code blocks} blocks now. */
  public void mine(int blocks) {
    call("anvil_mine", new JsonArray().add("0x" + Integer.toHexString(blocks)));
  }

  /** Turns mining on each transaction on or off; off, transactions wait in the pool. */
  public void setAutomine(boolean on) {
    call("evm_setAutomine", new JsonArray().add(on));
  }

  public long blockNumber() {
    return Long.decode(call("eth_blockNumber", new JsonArray()).toString());
  }

  /** Sends one JSON-RPC request and returns its result; an error answer fails the test. */
  public Object call(String method, JsonArray params) {
    JsonObject request =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", ++requestId)
            .put("method", method)
            .put("params", params);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(url)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonObject answer = new JsonObject(response.body());
      if (answer.containsKey("error")) {
        throw new IllegalStateException(method + " failed: " + answer.getValue("error"));
      }
      return answer.getValue("result");
    } catch (IOException e) {
      throw new IllegalStateException("anvil did not answer " + method, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("anvil exited with " + process.exitValue());
      }
      try {
        call("eth_chainId", new JsonArray());
        return;
      } catch (IllegalStateException notYet) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("anvil did not answer within " + START_TIMEOUT, notYet);
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops this anvil, and only it, by its process id. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
