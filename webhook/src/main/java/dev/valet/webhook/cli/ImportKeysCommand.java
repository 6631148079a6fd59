package dev.valet.webhook.cli;

import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PgKeyImport;
import dev.valet.allocator.pool.PoolSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valet keys import}: adds existing keystores to a pool, all or none. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Adds EIP-2335 keystores (as the official deposit CLI writes them, one password for all) to"
          + " a pool: each is decrypted and checked, then stored under the pool's password.",
      "A key that is in any pool already refuses the whole import; nothing is half imported."
    })
public final class ImportKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--pool", required = true, description = "The pool to add the keys to.")
  String pool;

  @Option(
      names = "--keystore-dir",
      required = true,
      description = "The directory with the keystore*.json files.")
  Path keystoreDir;

  @Option(
      names = "--password-file",
      required = true,
      description = "The file with the keystores' password.")
  Path passwordFile;

  @ArgGroup(exclusive = true, multiplicity = "1")
  DepositChoice deposit;

  /** What the operator says about the keys' deposits. */
  static final class DepositChoice {
    @Option(
        names = "--deposited",
        required = true,
        description = "The keys were deposited already: their deposit state is skipped.")
    boolean deposited;

    @Option(
        names = "--to-deposit",
        required = true,
        description = "The keys still need their deposit: pending, sent (auto) or exported.")
    boolean toDeposit;
  }

  @Override
  public Integer call() {
    String password = password();
    List<Path> files = KeystoreFiles.list(keystoreDir);
    try (StoreSession session = StoreSession.open(store)) {
      PoolSettings settings = session.pool(pool);
      if (deposit.toDeposit && !settings.deposits().mode().signsDeposits()) {
        throw new IllegalArgumentException(
            "--to-deposit: pool "
                + pool
                + " has deposits: off; set deposits to auto or export first, or import with"
                + " --deposited");
      }
      KeyPool keyPool = session.open(settings);
      KeyMinter minter = StoreSession.await(keyPool.minter());
      List<KeystoreFiles.Opened> opened = KeystoreFiles.open(files, password, session.workers());

      List<MintedKey> keys = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (KeystoreFiles.Opened key : opened) {
        if (!seen.add(key.secret().publicKey().toHex())) {
          throw new IllegalArgumentException(
              key.file()
                  + " holds a key another file of the directory holds; nothing was imported");
        }
        keys.add(minter.adopt(key.secret(), key.path(), deposit.toDeposit));
      }
      List<Long> ids =
          StoreSession.await(
              PgKeyImport.importKeys(
                  session.db(),
                  settings,
                  keys,
                  "imported as deposited already, on the operator's word"));
      spec.commandLine()
          .getOut()
          .printf(
              "Imported %d key(s) into pool %s (key ids %d to %d); deposit state: %s%n",
              ids.size(),
              pool,
              ids.getFirst(),
              ids.getLast(),
              deposit.toDeposit ? "pending" : "skipped");
      return 0;
    }
  }

  private String password() {
    try {
      return Files.readString(passwordFile, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
    } catch (IOException e) {
      throw new IllegalArgumentException("--password-file: cannot read " + passwordFile);
    }
  }
}
