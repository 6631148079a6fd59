package dev.valet.allocator.testing.chain;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the test deposit contract (TestDepositContract.sol, beside this class) with the solc
 * that {@code VALET_TEST_SOLC} names (npm's solcjs), once per JVM. Without it, tests that need the
 * contract are skipped with a message.
 */
public final class DepositContractBuild {
  public static final String SOLC_VARIABLE = "VALET_TEST_SOLC";
  private static final String SOURCE = "TestDepositContract.sol";

  private static String bytecode;

  private DepositContractBuild() {}

  /** The contract's creation bytecode, hex without "0x". */
  public static synchronized String bytecode() throws IOException, InterruptedException {
    if (bytecode == null) {
      bytecode = compile();
    }
    return bytecode;
  }

  private static String compile() throws IOException, InterruptedException {
    String solc = System.getenv(SOLC_VARIABLE);
    assumeTrue(
        solc != null && !solc.isBlank() && Files.isExecutable(Path.of(solc)),
        SOLC_VARIABLE
            + " does not name solcjs: tests against the deposit contract are skipped (.ci/run"
            + " installs solc from npm and sets it)");
    Path directory = Files.createTempDirectory("valet-deposit-contract-");
    try (InputStream source = DepositContractBuild.class.getResourceAsStream(SOURCE)) {
      Files.copy(source, directory.resolve(SOURCE));
    }
    Process process =
        new ProcessBuilder(
                List.of(solc, "--bin", "--optimize", "--base-path", ".", "-o", "out", SOURCE))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("solc failed on " + SOURCE + ": " + output);
    }
    Path bin = directory.resolve("out").resolve("TestDepositContract_sol_TestDepositContract.bin");
    String compiled = Files.readString(bin).strip();
    if (compiled.isEmpty()) {
      throw new IllegalStateException("solc wrote no bytecode for " + SOURCE + ": " + output);
    }
    return compiled;
  }
}
