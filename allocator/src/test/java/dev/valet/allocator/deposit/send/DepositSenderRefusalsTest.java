package dev.valet.allocator.deposit.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.deposit.chain.DepositContractAbi;
import dev.valet.allocator.deposit.chain.ExecutionChain;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.chain.Web3jExecutionChain;
import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSignature;
import dev.valet.allocator.testing.chain.DepositPools;
import dev.valet.allocator.testing.chain.DevChain;
import dev.valet.allocator.testing.chain.TestDepositContract;
import io.vertx.sqlclient.Row;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** What keeps a deposit from being sent: another chain, a deposit already on chain, no money. */
class DepositSenderRefusalsTest {
  private DevChain chain;
  private SenderHarness harness;

  private void start(long nodeChainId, long poolChainId) throws Exception {
    chain = DevChain.start(nodeChainId, List.of());
    TestDepositContract contract = TestDepositContract.deploy(chain, nodeChainId);
    harness =
        new SenderHarness(
            chain,
            contract,
            DepositPools.autoPool(
                "funded",
                DepositPools.devnet(poolChainId, contract.address()),
                DepositPools.auto(chain.url(), 1, Duration.ofMinutes(3))));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void aNodeOfAnotherChainIdIsRefusedWithAVisibleReason() throws Exception {
    start(1338, 1337);
    long key = harness.newKey();

    harness.sender().runOnce();
    harness.sender().runOnce();

    Row deposit = harness.deposit(key);
    assertThat(deposit.getString("state")).isEqualTo("pending");
    assertThat(deposit.getString("waiting_reason"))
        .contains("serves chain id 1338, not 1337")
        .contains("executionRpcUrl");
    assertThat(harness.events(key, "deposit.waiting")).as("once per new reason").isEqualTo(1);
    assertThat(harness.transactions(key)).isZero();
    assertThat(harness.contract.depositCount()).isZero();
  }

  @Test
  void aKeyWhoseDepositIsOnChainAlreadyIsNeverSent() throws Exception {
    start(1337, 1337);
    long key = harness.newKey();
    depositOutsideValet(harness.deposit(key), harness.pubkey(key));
    assertThat(harness.contract.eventsFor(harness.pubkey(key))).hasSize(1);

    harness.sender().runOnce();
    harness.sender().runOnce();

    Row deposit = harness.deposit(key);
    assertThat(deposit.getString("state")).isEqualTo("confirmed");
    assertThat(deposit.getString("note")).contains("found on chain");
    assertThat(harness.transactions(key)).isZero();
    assertThat(harness.contract.eventsFor(harness.pubkey(key))).hasSize(1);
    assertThat(harness.events(key, "deposit.found")).isEqualTo(1);
  }

  @Test
  void aFundingAccountThatCannotPayLeavesTheDepositPendingWithTheReason() throws Exception {
    start(1337, 1337);
    chain.setBalance(harness.funding.getAddress(), BigInteger.TEN.pow(19));
    long key = harness.newKey();

    harness.sender().runOnce();

    Row deposit = harness.deposit(key);
    assertThat(deposit.getString("state")).isEqualTo("pending");
    assertThat(deposit.getString("waiting_reason"))
        .contains("holds 10 ETH")
        .contains("fund the account");
    assertThat(harness.contract.depositCount()).isZero();

    chain.setBalance(harness.funding.getAddress(), BigInteger.TEN.pow(20));
    harness.sender().runOnce();
    harness.sender().runOnce();
    assertThat(harness.state(key)).isEqualTo("confirmed");
  }

  /** Another tool deposits the key, from another account, before Valet's sender runs. */
  private void depositOutsideValet(Row stored, byte[] pubkey) {
    DepositData data =
        new DepositData(
            BlsPublicKey.fromBytes(pubkey),
            WithdrawalCredentials.fromBytes(stored.getBuffer("withdrawal_credentials").getBytes()),
            DepositAmount.ofGwei(stored.getLong("amount_gwei")),
            BlsSignature.fromBytes(stored.getBuffer("signature").getBytes()));
    Credentials other = TestDepositContract.fundedAccount(chain, BigInteger.TEN.pow(20));
    TransactionSigner signer = new TransactionSigner(other);
    SignedTransaction transaction =
        signer.sign(
            1337,
            0,
            BigInteger.valueOf(500_000),
            harness.contract.address(),
            data.amount().wei(),
            DepositContractAbi.depositCall(data),
            new FeePolicy.Fees(BigInteger.TEN.pow(11), BigInteger.TEN.pow(9)));
    try (Web3jExecutionChain node = Web3jExecutionChain.connect(chain.url())) {
      ExecutionChain.Broadcast sent = node.broadcast(transaction.raw());
      assertThat(sent.accepted()).as(sent.error()).isTrue();
    }
  }
}
