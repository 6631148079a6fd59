package dev.valet.webhook.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap and live threads of another JVM with the JDK's {@code jcmd}, which talks to it
 * over its local attach socket (no network port is opened): a full collection first, then the heap
 * in use after it, and the count of live threads.
 */
public final class JvmSampler {
  private static final Pattern G1_HEAP_USED =
      Pattern.compile("garbage-first heap[^\\n]*? used (\\d+)K");
  private static final Pattern LIVE_THREADS = Pattern.compile("(?m)^java\\.threads\\.live=(\\d+)$");
  private static final Pattern THREAD_NAME = Pattern.compile("(?m)^\"([^\"]*)\"");
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private final long pid;
  private final String jcmd;

  /**
   * One sample.
   *
   * @param heapAfterGcBytes heap in use right after a full collection
   * @param liveThreads the JVM's live threads
   */
  public record Sample(long heapAfterGcBytes, long liveThreads) {}

  /** Samples the JVM of process {@code pid}, which must run with the G1 collector. */
  public JvmSampler(long pid) {
    this.pid = pid;
    Path binary = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no jcmd at " + binary + "; run the tests on a full JDK");
    }
    this.jcmd = binary.toString();
  }

  /** Collects the garbage of the sampled JVM, then reads its heap and threads. */
  public Sample sample() throws IOException, InterruptedException {
    run("GC.run");
    long heapKiB = number(G1_HEAP_USED, run("GC.heap_info"), "GC.heap_info");
    long threads = number(LIVE_THREADS, run("PerfCounter.print"), "PerfCounter.print");
    return new Sample(heapKiB * 1024, threads);
  }

  /**
   * The sampled JVM's live threads counted by name with trailing numbers dropped (pool threads
   * share a name), most first: which pool a change of the thread count came from.
   */
  public Map<String, Long> threadsByName() throws IOException, InterruptedException {
    Map<String, Long> counts = new TreeMap<>();
    Matcher names = THREAD_NAME.matcher(run("Thread.print"));
    while (names.find()) {
      counts.merge(names.group(1).replaceAll("[-#]?\\d+$", ""), 1L, Long::sum);
    }
    Map<String, Long> mostFirst = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(entry -> mostFirst.put(entry.getKey(), entry.getValue()));
    return mostFirst;
  }

  private String run(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " did not finish");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + text);
    }
    return text;
  }

  private static long number(Pattern pattern, String output, String command) throws IOException {
    Matcher matcher = pattern.matcher(output);
    if (!matcher.find()) {
      throw new IOException("jcmd " + command + " printed no " + pattern + ":\n" + output);
    }
    return Long.parseLong(matcher.group(1));
  }
}
