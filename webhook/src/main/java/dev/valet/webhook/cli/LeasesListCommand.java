package dev.valet.webhook.cli;

import dev.valet.allocator.lease.LeaseListing;
import dev.valet.allocator.lease.LeaseState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code valet leases list}: the leases in the database, oldest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists leases, oldest first: who holds them, and how the released ones ended.")
public final class LeasesListCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(names = "--pool", description = "Only leases of this pool.")
  String pool;

  @Option(names = "--namespace", description = "Only leases of pods in this namespace.")
  String namespace;

  @Option(names = "--state", description = "Only leases in this state: pending, bound or released.")
  String state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Optional<LeaseState> inState = Optional.ofNullable(state).map(this::parseState);
    try (OperatorSession session = OperatorSession.open(options, false)) {
      List<LeaseListing> leases =
          session.await(
              session
                  .leases()
                  .list(Optional.ofNullable(pool), Optional.ofNullable(namespace), inState));
      if (leases.isEmpty()) {
        spec.commandLine().getOut().println("No lease matches.");
        spec.commandLine().getOut().flush();
        return 0;
      }
      LeaseListingTable.print(leases, spec.commandLine().getOut());
      return 0;
    }
  }

  private LeaseState parseState(String value) {
    return Arrays.stream(LeaseState.values())
        .filter(candidate -> candidate.sqlName().equals(value.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--state must be pending, bound or released, not '" + value + "'"));
  }
}
