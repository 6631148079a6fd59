package dev.valet.webhook.deposit;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import dev.valet.allocator.pool.FundingAccount;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.allocator.testing.chain.DepositPools;
import dev.valet.allocator.testing.chain.DevChain;
import dev.valet.allocator.testing.chain.TestDepositContract;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/**
 * Done when: with a pool in auto mode on a dev chain, more validator pods than free keys end with
 * each new key deposited exactly once and confirmed, the pods admitted at once, and a Valet stopped
 * half-way through and started again sends no second deposit.
 */
class AutoDepositAdmissionTest {
  private static final int PODS = 4;

  @TempDir Path dataDir;

  private DevChain chain;
  private TestDepositContract contract;
  private TestDatabase database;
  private Vertx vertx;
  private Pool db;

  @BeforeEach
  void start() throws Exception {
    chain = DevChain.start(DevChain.DEFAULT_CHAIN_ID, List.of("--block-time", "1"));
    contract = TestDepositContract.deploy(chain, DevChain.DEFAULT_CHAIN_ID);
    database = TestDatabase.create();
    vertx = Vertx.vertx();
    db = database.pool(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (db != null) {
      db.close().await(5, TimeUnit.SECONDS);
      vertx.close().await(5, TimeUnit.SECONDS);
    }
    if (database != null) {
      database.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void morePodsThanFreeKeysEndWithEachNewKeyDepositedOnceAndConfirmedAcrossARestart()
      throws Exception {
    PoolSettings pool = pool(fundingAccount());

    List<String> pubkeys = new ArrayList<>();
    try (LocalValet valet = LocalValet.start(database, dataDir, List.of(pool))) {
      AdmissionClient client = new AdmissionClient(valet.port(), valet.caFile());
      for (int i = 0; i < PODS; i++) {
        var response =
            client.review(podCreate(LocalValet.NAMESPACE, validatorPod("validator-" + i)));
        assertThat(response.getBoolean("allowed")).as("admitted before any deposit").isTrue();
      }
      assertThat(count("SELECT count(*) FROM deposits WHERE state = 'pending'"))
          .as("every new key waits for its deposit; none was sent on the admission path")
          .isEqualTo(PODS);
      Eventually.await(
          "a first deposit sent",
          Duration.ofSeconds(60),
          () -> count("SELECT count(*) FROM deposits WHERE state <> 'pending'") > 0);
    }

    try (LocalValet again = LocalValet.start(database, dataDir, List.of(pool))) {
      assertThat(again.port()).isPositive();
      Eventually.await(
          "every deposit confirmed",
          Duration.ofSeconds(90),
          () -> count("SELECT count(*) FROM deposits WHERE state = 'confirmed'") == PODS);
    }

    for (Row row : db.query("SELECT pubkey FROM keys").execute().await(10, TimeUnit.SECONDS)) {
      byte[] pubkey = row.getBuffer("pubkey").getBytes();
      assertThat(contract.eventsFor(pubkey)).as("DepositEvents of one key").hasSize(1);
      pubkeys.add(java.util.HexFormat.of().formatHex(pubkey));
    }
    assertThat(pubkeys).hasSize(PODS);
    assertThat(contract.depositCount()).isEqualTo(PODS);
  }

  private PoolSettings pool(FundingAccount funding) {
    DepositSettings deposits =
        new DepositSettings(
            DepositMode.AUTO,
            Optional.of(WithdrawalCredentials.executionAddress(DepositPools.WITHDRAWAL)),
            DepositAmount.DEFAULT,
            Optional.of(funding),
            Optional.of(chain.url()),
            DepositSettings.WEI_PER_GWEI.multiply(BigInteger.valueOf(100)),
            DepositSettings.WEI_PER_GWEI,
            Duration.ofMinutes(3),
            2);
    return LocalValet.testPool("funded")
        .withNetwork(DepositPools.devnet(DevChain.DEFAULT_CHAIN_ID, contract.address()))
        .withDeposits(deposits);
  }

  /** A fresh account in an encrypted keystore with its password file, funded on the chain. */
  private FundingAccount fundingAccount() throws Exception {
    Path directory = Files.createDirectories(dataDir.resolve("funding"));
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = java.util.HexFormat.of().formatHex(secret);
    ECKeyPair keys = Keys.createEcKeyPair(new SecureRandom());
    String file = WalletUtils.generateWalletFile(password, keys, directory.toFile(), false);
    Path passwordFile = directory.resolve("password");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    chain.setBalance("0x" + Keys.getAddress(keys), BigInteger.TEN.pow(21));
    return new FundingAccount(directory.resolve(file), passwordFile);
  }

  private long count(String sql) {
    try {
      return db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the database did not answer", e);
    }
  }
}
