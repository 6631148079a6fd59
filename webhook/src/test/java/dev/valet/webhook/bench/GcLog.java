package dev.valet.webhook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap sizes of a JVM's {@code -Xlog:gc} file. The heap in use peaks just before each
 * collection, so the largest "before" figure of the collections in a window is that window's peak.
 */
public final class GcLog {
  // "... Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(64M) 3.210ms"
  private static final Pattern SIZES = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final Path file;

  public GcLog(Path file) {
    this.file = file;
  }

  /** One collection: heap used before and after it, and the heap committed, in MiB. */
  public record Collection(long beforeMib, long afterMib, long committedMib) {}

  /** Every collection logged so far, in order. */
  public List<Collection> collections() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return parse(Files.readAllLines(file));
  }

  static List<Collection> parse(List<String> lines) {
    List<Collection> collections = new ArrayList<>();
    for (String line : lines) {
      Matcher sizes = SIZES.matcher(line);
      if (line.contains(" GC(") && sizes.find()) {
        collections.add(
            new Collection(
                Long.parseLong(sizes.group(1)),
                Long.parseLong(sizes.group(2)),
                Long.parseLong(sizes.group(3))));
      }
    }
    return collections;
  }

  /** The heap a window of collections used at most, and kept live at most after a collection. */
  public record Peak(long usedMib, long liveMib, int collections) {
    static Peak of(List<Collection> window) {
      long used = 0;
      long live = 0;
      for (Collection collection : window) {
        used = Math.max(used, collection.beforeMib());
        live = Math.max(live, collection.afterMib());
      }
      return new Peak(used, live, window.size());
    }
  }

  /** The peak of the collections from index {@code from} (inclusive) to the last logged. */
  public Peak peakSince(int from) throws IOException {
    List<Collection> all = collections();
    return Peak.of(all.subList(Math.min(from, all.size()), all.size()));
  }
}
