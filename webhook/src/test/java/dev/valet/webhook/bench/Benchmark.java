package dev.valet.webhook.bench;

import dev.valet.webhook.testing.TestNamespaces;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Valet's benchmark: admission latency and throughput over real TLS to {@code POST /mutate} of a
 * {@code valet serve --local} on a real Postgres, beside its floors (pgbench running the same
 * allocation statements, a bare Vert.x TLS endpoint) and pods per second through a real
 * kube-apiserver with and without the webhook. Prints one Markdown table and the targets.
 *
 * <p>Arguments: {@code JAR WORK_DIR [KUBECONFIG]}. Everything listens on and is sent to 127.0.0.1;
 * every run is a fixed number of requests.
 */
public final class Benchmark {
  static final String POOL = "bench";
  static final int[] CONCURRENCY = {1, 16, 64};
  private static final int[] NEW_KEYS = {100, 600, 1300};
  private static final int[] REUSE = {600, 1600, 1600};
  private static final int WARM_UP = 200;
  private static final int PODS = 300;
  private static final int POD_CALLERS = 16;

  private final Path jar;
  private final Path work;
  private final Optional<Path> kubeconfig;
  private final List<BenchRow> rows = new BenchRows();
  private final List<String> notes = new ArrayList<>();

  private Benchmark(Path jar, Path work, Optional<Path> kubeconfig) {
    this.jar = jar;
    this.work = work;
    this.kubeconfig = kubeconfig;
  }

  public static void main(String[] args) throws Exception {
    Optional<Path> kubeconfig = args.length > 2 ? Optional.of(Path.of(args[2])) : Optional.empty();
    new Benchmark(Path.of(args[0]), Path.of(args[1]), kubeconfig).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String suffix = TestNamespaces.uniqueSuffix();
    String namespace = "valet-bench-" + suffix;
    Files.createDirectories(work);
    Vertx vertx = Vertx.vertx();
    try (BenchDatabase database = BenchDatabase.create("valet_bench_" + suffix)) {
      notes.add("Postgres " + database.version() + ", database " + database.name());
      Path config = writeConfig(database);
      int port = freePort();
      List<String> serve =
          List.of(
              "--config",
              config.toString(),
              "--namespace",
              namespace + "=" + POOL,
              "--admin-port",
              Integer.toString(freePort()));
      try (ValetProcess valet = ValetProcess.start(jar, work, port, serve)) {
        notes.add(
            String.format(
                Locale.ROOT,
                "serve ready after %.2f s (process start to /readyz 200)",
                valet.readyNanos() / 1e9));
        LoadGenerator load = new LoadGenerator(vertx, valet.caFile(), port);
        measureValet(valet, load, database, namespace);
        measureFloors(vertx, valet, database, namespace);
        measurePods(valet, database, namespace, suffix);
      }
      try (ValetProcess restarted = ValetProcess.start(jar, work, freePort(), serve)) {
        notes.add(
            String.format(
                Locale.ROOT,
                "serve ready after %.2f s on a restart (same data directory and database)",
                restarted.readyNanos() / 1e9));
      }
    } finally {
      vertx.close().await();
    }
    System.out.println();
    System.out.print(BenchTable.render(rows));
    System.out.println();
    notes.forEach(note -> System.out.println("- " + note));
  }

  private Path writeConfig(BenchDatabase database) throws IOException {
    Path config = work.resolve("bench.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "database:",
            "  url: " + database.url(),
            "pools:",
            "  - name: " + POOL,
            "    maxKeys: 100000",
            "    maxNewKeysPerHour: 100000",
            "    quarantine: 0s",
            "    network: hoodi",
            ""));
    return config;
  }

  private void measureValet(
      ValetProcess valet, LoadGenerator load, BenchDatabase database, String namespace)
      throws Exception {
    long first = System.nanoTime();
    LoadResult firstAdmission = load.run(1, List.of(), Reviews.podCreates(namespace, "first", 1));
    notes.add(
        String.format(
            Locale.ROOT,
            "first admission after ready: %.2f s (it waits for the pool's scrypt, run once per"
                + " pool at start), errors %d",
            (System.nanoTime() - first) / 1e9,
            firstAdmission.errors()));
    GcLog.Peak startup = valet.gcLog().peakSince(0);
    notes.add(heapNote("start-up and the pool's scrypt KDF", startup));
    int mark = valet.gcLog().collections().size();

    for (int i = 0; i < CONCURRENCY.length; i++) {
      int c = CONCURRENCY[i];
      LoadResult result =
          load.run(c, List.of(), Reviews.podCreates(namespace, "new-" + c, NEW_KEYS[i]));
      rows.add(BenchRow.of("Valet new-key path (keys minted)", result, "keys"));
      reportErrors("new-key", result);
    }
    notes.add(heapNote("new-key path", valet.gcLog().peakSince(mark)));
    notes.add(
        "Valet heap kept after a full collection (jcmd GC.run) right after the new-key runs: "
            + valet.liveAfterFullCollectionMib()
            + " MiB");
    notes.add("Valet resident memory high-water mark so far: " + valet.peakResidentMib() + " MiB");
    database.releaseAll();
    long free = database.freeKeys(POOL);
    notes.add(free + " keys free for the reuse path (released, quarantine 0s)");

    mark = valet.gcLog().collections().size();
    for (int i = 0; i < CONCURRENCY.length; i++) {
      int c = CONCURRENCY[i];
      if (WARM_UP + REUSE[i] > free) {
        throw new IllegalStateException("too few free keys for the reuse run at " + c);
      }
      LoadResult result =
          load.run(
              c,
              Reviews.podCreates(namespace, "warm-" + c, WARM_UP),
              Reviews.podCreates(namespace, "reuse-" + c, REUSE[i]));
      rows.add(BenchRow.of("Valet reuse path", result, "adm."));
      reportErrors("reuse", result);
      database.releaseAll();
    }
    notes.add(heapNote("reuse path (steady load, no KDF)", valet.gcLog().peakSince(mark)));
    notes.add(
        "Valet heap kept after a full collection (jcmd GC.run) right after the reuse runs: "
            + valet.liveAfterFullCollectionMib()
            + " MiB");
  }

  private void measureFloors(
      Vertx vertx, ValetProcess valet, BenchDatabase database, String namespace) throws Exception {
    List<BenchRow> reuse = rows.stream().filter(r -> r.what().equals("Valet reuse path")).toList();
    try (BareEndpointProcess bare = BareEndpointProcess.start(valet.tlsDir(), work)) {
      LoadGenerator load = new LoadGenerator(vertx, valet.caFile(), bare.port());
      for (int i = 0; i < CONCURRENCY.length; i++) {
        int c = CONCURRENCY[i];
        List<Buffer> bodies = Reviews.podCreates(namespace, "bare-" + c, REUSE[i]);
        LoadResult result;
        try {
          result = load.run(c, Reviews.podCreates(namespace, "bare-warm-" + c, WARM_UP), bodies);
        } catch (TimeoutException e) {
          notes.add("bare endpoint at " + c + ": the run did not finish in time; no ratio");
          continue;
        }
        BenchRow floor = BenchRow.of("floor: bare Vert.x TLS endpoint", result, "req.");
        rows.add(floor);
        reportErrors("bare endpoint", result);
        rows.add(reuse.get(i).against(floor, "bare endpoint").withWhat("Valet reuse / bare"));
      }
    }
    PgbenchFloor pgbench = PgbenchFloor.write(work, database.name(), POOL, namespace);
    for (int i = 0; i < CONCURRENCY.length; i++) {
      int c = CONCURRENCY[i];
      database.releaseAll();
      double tps = pgbench.run(c, REUSE[i] / c);
      BenchRow floor = BenchRow.rateOnly("floor: pgbench, allocation statements", c, tps, "tx");
      rows.add(floor);
      rows.add(reuse.get(i).against(floor, "pgbench").withWhat("Valet reuse / pgbench"));
    }
    database.releaseAll();
  }

  private void measurePods(
      ValetProcess valet, BenchDatabase database, String namespace, String suffix)
      throws Exception {
    if (kubeconfig.isEmpty()) {
      notes.add("pods per second: skipped, no kubeconfig given");
      return;
    }
    try (PodStartRate pods = PodStartRate.open(kubeconfig.get(), namespace, suffix, POOL)) {
      PodStartRate.Rates rates = pods.measure(valet.port(), valet.caFile(), PODS, POD_CALLERS);
      BenchRow without =
          BenchRow.rateOnly(
              "kube-apiserver pod creates, no webhook", POD_CALLERS, rates.without(), "pods");
      rows.add(without);
      rows.add(
          BenchRow.rateOnly(
                  "kube-apiserver pod creates, Valet webhook", POD_CALLERS, rates.with(), "pods")
              .against(without, "without webhook"));
    }
    database.releaseAll();
  }

  /** The table's rows, each also printed as it comes so a long run shows its progress. */
  private static final class BenchRows extends ArrayList<BenchRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(BenchRow row) {
      System.err.println(BenchTable.line(row));
      return super.add(row);
    }
  }

  private void reportErrors(String what, LoadResult result) {
    result
        .firstError()
        .ifPresent(
            error ->
                notes.add(
                    what
                        + " at "
                        + result.concurrency()
                        + ": "
                        + result.errors()
                        + " failed, first: "
                        + error));
  }

  private static String heapNote(String window, GcLog.Peak peak) {
    return String.format(
        Locale.ROOT,
        "Valet heap during %s: peak used %d MiB (before a collection), at most %d MiB live after"
            + " one, %d collections",
        window,
        peak.usedMib(),
        peak.liveMib(),
        peak.collections());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
