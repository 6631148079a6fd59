package dev.valet.webhook.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load generator over real TLS: {@code concurrency} keep-alive connections, each
 * sending its next AdmissionReview as soon as the last one is answered. It runs in the benchmark's
 * own process, apart from the server it measures. A warm-up batch is sent first and not counted.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
  private static final Duration REQUEST_IDLE_LIMIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Path caFile;
  private final int port;

  public LoadGenerator(Vertx vertx, Path caFile, int port) {
    this.vertx = vertx;
    this.caFile = caFile;
    this.port = port;
  }

  /**
   * Sends {@code warmUp} and then {@code bodies} at {@code concurrency}; only the latter is
   * measured.
   */
  public LoadResult run(int concurrency, List<Buffer> warmUp, List<Buffer> bodies)
      throws Exception {
    // One client of one connection per caller: each caller keeps its own keep-alive connection.
    List<HttpClient> clients = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      clients.add(client());
    }
    try {
      if (!warmUp.isEmpty()) {
        await(drive(clients, warmUp, new long[warmUp.size()]));
      }
      long[] nanos = new long[bodies.size()];
      long start = System.nanoTime();
      Outcome outcome = await(drive(clients, bodies, nanos));
      long elapsed = System.nanoTime() - start;
      return new LoadResult(
          concurrency,
          bodies.size(),
          outcome.errors(),
          elapsed,
          new Latencies(nanos),
          outcome.firstError());
    } finally {
      for (HttpClient client : clients) {
        await(client.close());
      }
    }
  }

  private record Outcome(int errors, Optional<String> firstError) {}

  private HttpClient client() {
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()))
            .setKeepAlive(true)
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port);
    return vertx
        .httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(1))
        .build();
  }

  private Future<Outcome> drive(List<HttpClient> clients, List<Buffer> bodies, long[] nanos) {
    Promise<Outcome> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Runnable> callers = new ArrayList<>(clients.size());
    for (HttpClient client : clients) {
      Runnable[] loop = new Runnable[1];
      loop[0] =
          () -> {
            int index = next.getAndIncrement();
            if (index >= bodies.size()) {
              return;
            }
            long start = System.nanoTime();
            post(client, bodies.get(index))
                .onComplete(
                    answered -> {
                      nanos[index] = System.nanoTime() - start;
                      if (answered.failed()) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, answered.cause().toString());
                      }
                      if (finished.incrementAndGet() == bodies.size()) {
                        done.complete(
                            new Outcome(errors.get(), Optional.ofNullable(firstError.get())));
                      } else {
                        loop[0].run();
                      }
                    });
          };
      callers.add(loop[0]);
    }
    callers.forEach(Runnable::run);
    return done.future();
  }

  /** One review; fails unless the answer is HTTP 200 with {@code response.allowed: true}. */
  private static Future<Void> post(HttpClient client, Buffer body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI("/mutate")
            .setIdleTimeout(REQUEST_IDLE_LIMIT.toMillis())
            .putHeader("Content-Type", "application/json");
    return client
        .request(request)
        .compose(sent -> sent.send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        answer -> {
                          if (response.statusCode() != 200) {
                            return Future.failedFuture(
                                "HTTP " + response.statusCode() + ": " + answer);
                          }
                          JsonObject review = new JsonObject(answer).getJsonObject("response");
                          if (review == null || !review.getBoolean("allowed", false)) {
                            return Future.failedFuture("not allowed: " + answer);
                          }
                          return Future.succeededFuture();
                        }));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {}
}
