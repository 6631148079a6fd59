package dev.valet.allocator.pool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the account that pays a pool's deposits is kept: an encrypted Ethereum JSON keystore (the
 * Web3 Secret Storage format) and a file with its password. The key itself never appears in
 * configuration, on a command line or in an environment variable.
 *
 * @param keystoreFile the JSON keystore
 * @param passwordFile the file whose content, without a trailing newline, is the password
 */
public record FundingAccount(Path keystoreFile, Path passwordFile) {
  public FundingAccount {
    Objects.requireNonNull(keystoreFile, "keystoreFile");
    Objects.requireNonNull(passwordFile, "passwordFile");
  }
}
