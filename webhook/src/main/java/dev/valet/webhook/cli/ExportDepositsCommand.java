package dev.valet.webhook.cli;

import dev.valet.allocator.deposit.store.PgDepositExport;
import dev.valet.allocator.pool.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valet deposits export}: the launchpad file of a pool's deposits waiting for export. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the deposits of a pool in export mode that wait for export to a launchpad"
          + " deposit_data-<time>.json, and marks them exported. Each deposit is exported once."
    })
public final class ExportDepositsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--pool", required = true, description = "The pool, in export mode.")
  String pool;

  @Option(
      names = "--out",
      defaultValue = ".",
      description = "The directory to write the file to (default: the current one).")
  Path out;

  @Override
  public Integer call() {
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is not a directory");
    }
    try (StoreSession session = StoreSession.open(store)) {
      PoolSettings settings = session.pool(pool);
      Optional<Path> file = PgDepositExport.export(session.db(), settings, out, Instant.now());
      if (file.isEmpty()) {
        spec.commandLine().getOut().println("No deposit of pool " + pool + " waits for export.");
      } else {
        spec.commandLine().getOut().println("Wrote " + file.get());
      }
      return 0;
    }
  }
}
