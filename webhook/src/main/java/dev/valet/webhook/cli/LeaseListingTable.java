package dev.valet.webhook.cli;

import dev.valet.allocator.lease.LeaseListing;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Leases as a table of aligned columns, one lease a line, for {@code valet leases list}. */
final class LeaseListingTable {
  private static final List<String> HEADER =
      List.of("ID", "POOL", "NAMESPACE", "POD", "STATE", "KEYS", "CREATED", "RELEASED");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

  private LeaseListingTable() {}

  static void print(List<LeaseListing> leases, PrintWriter out) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    leases.forEach(lease -> rows.add(row(lease)));
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        boolean last = i == row.size() - 1;
        line.append(last ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static List<String> row(LeaseListing lease) {
    return List.of(
        lease.id().toString(),
        lease.pool(),
        lease.pod().namespace(),
        lease.pod().displayName(),
        lease.state().sqlName(),
        Integer.toString(lease.keyCount()),
        time(lease.createdAt()),
        released(lease));
  }

  private static String released(LeaseListing lease) {
    if (lease.releasedAt().isEmpty()) {
      return "-";
    }
    return time(lease.releasedAt().get())
        + " by "
        + lease.releasedBy().orElse("?")
        + (lease.forced() ? " (forced)" : "")
        + ": "
        + lease.releaseReason().orElse("");
  }

  /** {@code time} in UTC to the second, as the table shows times. */
  static String time(OffsetDateTime time) {
    return TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
  }

  private static String pad(String text, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", text);
  }
}
