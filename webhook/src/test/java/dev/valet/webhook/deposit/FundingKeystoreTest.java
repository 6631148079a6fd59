package dev.valet.webhook.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.FundingAccount;
import dev.valet.webhook.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

class FundingKeystoreTest {
  @TempDir Path dir;

  @Test
  void theKeystoreOpensWithItsPasswordFileAndAWrongOneNamesTheSettingNotThePassword()
      throws Exception {
    ECKeyPair keys = Keys.createEcKeyPair(new SecureRandom());
    Path keystore =
        dir.resolve(WalletUtils.generateWalletFile("correct horse", keys, dir.toFile(), false));
    Path password = dir.resolve("password");
    Files.writeString(password, "correct horse\n");

    Credentials opened = FundingKeystore.open("devnet", new FundingAccount(keystore, password));
    assertThat(opened.getAddress()).isEqualTo("0x" + Keys.getAddress(keys));

    Files.writeString(password, "battery staple\n");
    assertThatThrownBy(() -> FundingKeystore.open("devnet", new FundingAccount(keystore, password)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pools.devnet.funding.keystoreFile")
        .hasMessageContaining(
            "does not open with the password in pools.devnet.funding.passwordFile")
        .hasMessageNotContaining("battery");
    assertThatThrownBy(
            () ->
                FundingKeystore.open(
                    "devnet", new FundingAccount(keystore, dir.resolve("missing"))))
        .hasMessageContaining("pools.devnet.funding.passwordFile: cannot read");
  }
}
