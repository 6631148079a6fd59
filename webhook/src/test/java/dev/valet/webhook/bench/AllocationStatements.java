package dev.valet.webhook.bench;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The allocator's own SQL, read from its classes at run time, so the pgbench floor runs exactly the
 * statements Valet runs and cannot drift from them. Parameters ({@code $n}) become pgbench
 * expressions.
 */
final class AllocationStatements {
  private static final String PACKAGE = "dev.valet.allocator.lease.";
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

  private AllocationStatements() {}

  /** The text of the constant {@code field} of the allocator class {@code className}. */
  static String of(String className, String field) {
    try {
      Field constant = Class.forName(PACKAGE + className).getDeclaredField(field);
      constant.setAccessible(true);
      return ((String) constant.get(null)).strip();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "the allocator has no statement "
              + className
              + "."
              + field
              + "; the benchmark's pgbench script names the statements of the allocation",
          e);
    }
  }

  /**
   * {@code sql} with each {@code $n} replaced by {@code arguments[n-1]}, on one line as pgbench
   * wants a command.
   */
  static String bind(String sql, String... arguments) {
    Map<Integer, String> byNumber = new LinkedHashMap<>();
    for (int i = 0; i < arguments.length; i++) {
      byNumber.put(i + 1, arguments[i]);
    }
    Matcher matcher = PARAMETER.matcher(sql);
    StringBuilder bound = new StringBuilder();
    while (matcher.find()) {
      String argument = byNumber.get(Integer.parseInt(matcher.group(1)));
      if (argument == null) {
        throw new IllegalArgumentException("no argument for " + matcher.group() + " in " + sql);
      }
      matcher.appendReplacement(bound, Matcher.quoteReplacement(argument));
    }
    matcher.appendTail(bound);
    return bound.toString().replaceAll("\\s+", " ");
  }
}
