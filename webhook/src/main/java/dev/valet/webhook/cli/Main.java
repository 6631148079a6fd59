package dev.valet.webhook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of valet.jar. */
@Command(
    name = "valet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Hands Ethereum validator keys to Kubernetes pods.",
    subcommands = {
      ServeCommand.class,
      CertsCommand.class,
      LeasesCommand.class,
      KeysCommand.class,
      DepositsCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with errors printed as one line rather than a stack trace. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("valet: " + e.getMessage());
          return 2;
        });
    return commandLine;
  }
}
