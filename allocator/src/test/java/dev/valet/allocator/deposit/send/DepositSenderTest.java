package dev.valet.allocator.deposit.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.store.OpenDeposit;
import dev.valet.allocator.testing.chain.DepositPools;
import dev.valet.allocator.testing.chain.DevChain;
import dev.valet.allocator.testing.chain.TestDepositContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 4 against a real dev chain: each key is deposited once, whatever stops the sender. */
class DepositSenderTest {
  private DevChain chain;
  private SenderHarness harness;

  @BeforeEach
  void start() throws Exception {
    chain = DevChain.start();
    try {
      TestDepositContract contract = TestDepositContract.deploy(chain, DevChain.DEFAULT_CHAIN_ID);
      harness =
          new SenderHarness(
              chain,
              contract,
              DepositPools.autoPool(
                  "funded",
                  DepositPools.devnet(DevChain.DEFAULT_CHAIN_ID, contract.address()),
                  DepositPools.auto(chain.url(), 2, Duration.ofMinutes(3))));
    } catch (Exception | Error e) {
      chain.close();
      throw e;
    }
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
  void aNewKeysDepositIsMinedAndItsEventCarriesTheKeyCredentialsAmountAndSignature() {
    long key = harness.newKey();
    assertThat(harness.state(key)).isEqualTo("pending");

    harness.sender().runOnce();
    assertThat(harness.state(key)).isEqualTo("sent");
    chain.mine(1);
    harness.sender().runOnce();

    assertThat(harness.state(key)).isEqualTo("confirmed");
    List<TestDepositContract.Event> events = harness.contract.eventsFor(harness.pubkey(key));
    assertThat(events).hasSize(1);
    TestDepositContract.Event event = events.getFirst();
    var stored = harness.deposit(key);
    assertThat(event.withdrawalCredentials())
        .isEqualTo(stored.getBuffer("withdrawal_credentials").getBytes())
        .startsWith(0x01);
    assertThat(event.amount())
        .isEqualTo(DepositAmount.DEFAULT.toLittleEndian())
        .containsExactly(0x00, 0x40, 0x59, 0x73, 0x07, 0x00, 0x00, 0x00);
    assertThat(event.signature()).isEqualTo(stored.getBuffer("signature").getBytes());
    assertThat(stored.getBuffer("mined_tx_hash").getBytes())
        .isEqualTo(org.web3j.utils.Numeric.hexStringToByteArray(event.transactionHash()));
    assertThat(harness.events(key, "deposit.confirmed")).isEqualTo(1);
  }

  @Test
  void aCrashBetweenRecordingAndBroadcastingEndsWithExactlyOneDeposit() {
    long key = harness.newKey();
    SenderSeams crashAfterRecording =
        new SenderSeams() {
          @Override
          public void recorded(OpenDeposit deposit, SignedTransaction transaction) {
            throw new SimulatedCrash();
          }
        };

    assertThatThrownBy(() -> harness.sender(crashAfterRecording).runOnce())
        .isInstanceOf(SimulatedCrash.class);
    assertThat(harness.state(key)).isEqualTo("sent");
    assertThat(harness.contract.depositCount()).isZero();

    harness.sender().runOnce();
    chain.mine(2);
    harness.sender().runOnce();

    assertThat(harness.state(key)).isEqualTo("confirmed");
    assertThat(harness.contract.eventsFor(harness.pubkey(key))).hasSize(1);
    assertThat(harness.contract.depositCount()).isEqualTo(1);
    assertThat(harness.transactions(key))
        .as("the recorded transaction, sent as it was")
        .isEqualTo(1);
  }

  @Test
  void aCrashBetweenBroadcastingAndTheReceiptEndsWithExactlyOneDeposit() {
    long key = harness.newKey();
    SenderSeams crashAfterBroadcast =
        new SenderSeams() {
          @Override
          public void broadcast(OpenDeposit deposit, SignedTransaction transaction) {
            throw new SimulatedCrash();
          }
        };

    assertThatThrownBy(() -> harness.sender(crashAfterBroadcast).runOnce())
        .isInstanceOf(SimulatedCrash.class);
    harness.sender().runOnce();
    chain.mine(2);
    harness.sender().runOnce();
    harness.sender().runOnce();

    assertThat(harness.state(key)).isEqualTo("confirmed");
    assertThat(harness.contract.eventsFor(harness.pubkey(key))).hasSize(1);
    assertThat(harness.transactions(key)).isEqualTo(1);
  }

  @Test
  void aStuckTransactionIsReplacedWithHigherFeesAndTheSameNonceAndOnlyOneDepositLands() {
    long key = harness.newKey();
    chain.setAutomine(false);

    harness.sender().runOnce();
    harness.sender().runOnce();
    assertThat(harness.transactions(key)).as("not replaced before replaceAfter").isEqualTo(1);

    harness.clock.advance(Duration.ofMinutes(4));
    harness.sender().runOnce();

    assertThat(harness.transactions(key)).isEqualTo(2);
    var attempts =
        harness.fixture.rows(
            "SELECT nonce, max_fee_per_gas, max_priority_fee_per_gas FROM deposit_transactions"
                + " WHERE key_id = $1 ORDER BY attempt",
            key);
    assertThat(attempts.get(1).get(0)).isEqualTo(attempts.get(0).get(0));
    assertThat((Long) attempts.get(1).get(1))
        .isGreaterThanOrEqualTo((Long) attempts.get(0).get(1) * 11 / 10);
    assertThat((Long) attempts.get(1).get(2))
        .isGreaterThanOrEqualTo((Long) attempts.get(0).get(2) * 11 / 10);

    chain.mine(3);
    harness.sender().runOnce();

    assertThat(harness.state(key)).isEqualTo("confirmed");
    assertThat(harness.contract.eventsFor(harness.pubkey(key))).hasSize(1);
    assertThat(harness.contract.depositCount()).isEqualTo(1);
    assertThat(harness.events(key, "deposit.replaced")).isEqualTo(1);
  }

  @Test
  void deepEnoughIsConfirmedAndNotBefore() {
    long key = harness.newKey();

    harness.sender().runOnce();
    harness.sender().runOnce();
    assertThat(harness.state(key)).as("one block deep of two").isEqualTo("sent");
    assertThat(harness.deposit(key).getInteger("confirmations")).isEqualTo(1);

    chain.mine(1);
    harness.sender().runOnce();
    assertThat(harness.state(key)).isEqualTo("confirmed");
  }

  @Test
  void aReplicaThatDoesNotLeadSendsNothing() {
    long key = harness.newKey();

    harness.sender(SenderSeams.NONE, () -> false).runOnce();

    assertThat(harness.state(key)).isEqualTo("pending");
    assertThat(harness.transactions(key)).isZero();
    assertThat(harness.contract.depositCount()).isZero();
  }

  /** Stands for the process dying at a seam. */
  static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
