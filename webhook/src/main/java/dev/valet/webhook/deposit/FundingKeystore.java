package dev.valet.webhook.deposit;

import dev.valet.allocator.pool.FundingAccount;
import dev.valet.webhook.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Opens a pool's funding account: its encrypted JSON keystore with the password in its file. Slow
 * (the keystore's KDF runs): call it on a worker thread at start. Messages name the setting and
 * never the password or the key.
 */
final class FundingKeystore {
  private FundingKeystore() {}

  static Credentials open(String pool, FundingAccount account) {
    String where = "pools." + pool + ".funding.";
    String password;
    try {
      password = Files.readString(account.passwordFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          where + "passwordFile: cannot read " + account.passwordFile() + ": " + e.getMessage());
    }
    password = password.replaceFirst("\\r?\\n$", "");
    if (!Files.isReadable(account.keystoreFile())) {
      throw new ConfigException(where + "keystoreFile: cannot read " + account.keystoreFile());
    }
    try {
      return WalletUtils.loadCredentials(password, account.keystoreFile().toFile());
    } catch (CipherException e) {
      throw new ConfigException(
          where
              + "keystoreFile: "
              + account.keystoreFile()
              + " does not open with the password in "
              + where
              + "passwordFile");
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          where
              + "keystoreFile: "
              + account.keystoreFile()
              + " is not an Ethereum JSON keystore ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
