package dev.valet.webhook.e2e;

import dev.valet.webhook.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One {@code valet ...} run in this JVM, through picocli as {@code main} runs it.
 *
 * @param exitCode what the process would exit with
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CertsRun(int exitCode, String out, String err) {

  static CertsRun of(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args.toArray(String[]::new));
    return new CertsRun(exitCode, out.toString(), err.toString());
  }
}
