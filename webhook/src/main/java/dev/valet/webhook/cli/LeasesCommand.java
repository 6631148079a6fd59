package dev.valet.webhook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code valet leases}: what an operator does with leases by hand. */
@Command(
    name = "leases",
    mixinStandardHelpOptions = true,
    description = "Lists leases, and releases one by hand.",
    subcommands = {LeasesListCommand.class, LeasesReleaseCommand.class})
public final class LeasesCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Say what to do: list or release");
  }
}
