package dev.valet.webhook.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code valet} as its main method would, with what it prints captured. */
final class ValetCli {
  private ValetCli() {}

  /**
   * What one run printed and returned.
   *
   * @param exitCode the process's exit code
   * @param out standard output
   * @param err standard error
   */
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
