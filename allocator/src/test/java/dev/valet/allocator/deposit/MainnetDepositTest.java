package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSignature;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real deposits from mainnet's public record (sources in mainnet-deposits.json): a deposit call
 * with the deposit_data_root its sender passed, and DepositEvents the contract emitted.
 */
class MainnetDepositTest {

  /** deposit(bytes pubkey, bytes withdrawal_credentials, bytes signature, bytes32 root). */
  private static final String DEPOSIT_SELECTOR = "22895118";

  private static JsonNode record;

  @BeforeAll
  static void readRecord() throws IOException {
    try (InputStream in = MainnetDepositTest.class.getResourceAsStream("mainnet-deposits.json")) {
      record = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void depositCallRootIsTheRootWeCompute() {
    AbiWords call = depositCall();
    DepositData deposit = fromCall(call);

    Bytes32 publishedRoot = Bytes32.fromBytes(call.word(3));

    assertThat(publishedRoot.toUnprefixedHex())
        .isEqualTo("eb520fa0c561f1f28bb3358764e3bddcf41196645d4d934c8a9bfa1eadbf6786");
    assertThat(deposit.hashTreeRoot()).isEqualTo(publishedRoot);
    assertThat(DepositContractRoot.of(deposit)).isEqualTo(publishedRoot);
  }

  @Test
  void depositCallVerifiesUnderMainnetsForkVersion() {
    DepositData deposit = fromCall(depositCall());

    assertThat(deposit.withdrawalCredentials().executionAddress())
        .hasValueSatisfying(
            address ->
                assertThat(address.toChecksumHex())
                    .isEqualTo("0x5b3E2bb0FC7cAd985c1461FeC254a9cc162Ff168"));
    assertThat(deposit.verify(Network.MAINNET)).isTrue();
    assertThat(deposit.verify(ForkVersion.fromHex("0x00000000", "fork version"))).isTrue();
  }

  @Test
  void depositCallDoesNotVerifyUnderTheTestnetsForkVersions() {
    DepositData deposit = fromCall(depositCall());

    assertThat(deposit.verify(Network.SEPOLIA)).isFalse();
    assertThat(deposit.verify(Network.HOLESKY)).isFalse();
    assertThat(deposit.verify(Network.HOODI)).isFalse();
  }

  @Test
  void depositEventsVerifyUnderMainnetOnly() {
    List<DepositData> deposits = depositEvents();

    assertThat(deposits).hasSize(2);
    for (DepositData deposit : deposits) {
      assertThat(deposit.amount()).isEqualTo(DepositAmount.DEFAULT);
      assertThat(deposit.verify(Network.MAINNET)).isTrue();
      assertThat(deposit.verify(Network.SEPOLIA)).isFalse();
      assertThat(deposit.verify(Network.HOLESKY)).isFalse();
      assertThat(deposit.verify(Network.HOODI)).isFalse();
    }
  }

  @Test
  void depositEventRootsAreTheOnesTheContractChecked() {
    // The contract emits a DepositEvent only after the root passed with the call equals its own
    // computation, so these are the roots those transactions carried; computed independently
    // with @lodestar/types 1.50.0 (Node) from the same event data.
    List<DepositData> deposits = depositEvents();

    assertThat(deposits.get(0).hashTreeRoot().toUnprefixedHex())
        .isEqualTo("da94514b7d3e0bf8150edf29a3e2ca32672ac69077b907b8f24ef80038442191");
    assertThat(deposits.get(1).hashTreeRoot().toUnprefixedHex())
        .isEqualTo("8eeef01990886dc28e8583e972032bfa6c469d7f230f49ff0799658074c1b415");
    assertThat(deposits).allMatch(d -> d.hashTreeRoot().equals(DepositContractRoot.of(d)));
  }

  @Test
  void depositEventIndexesAreTheContractsCount() {
    JsonNode events = record.get("depositEvents");

    long first = depositIndex(AbiWords.ofEventData(events.get(0).get("data").textValue()));
    long second = depositIndex(AbiWords.ofEventData(events.get(1).get("data").textValue()));

    assertThat(first).isEqualTo(1_471_716L);
    assertThat(second).isEqualTo(1_471_715L);
  }

  @Test
  void realDepositsSurviveALaunchpadFileForMainnet() {
    List<DepositData> deposits =
        List.of(fromCall(depositCall()), depositEvents().get(0), depositEvents().get(1));

    String json = LaunchpadDepositFile.write(deposits, Network.MAINNET);

    assertThat(LaunchpadDepositFile.read(json, Network.MAINNET)).isEqualTo(deposits);
  }

  private static AbiWords depositCall() {
    return AbiWords.ofCall(record.get("depositCall").get("input").textValue(), DEPOSIT_SELECTOR);
  }

  private static DepositData fromCall(AbiWords call) {
    BigInteger value = new BigInteger(record.get("depositCall").get("valueWei").textValue());
    return new DepositData(
        BlsPublicKey.fromBytes(call.dynamicBytes(0)),
        WithdrawalCredentials.fromBytes(call.dynamicBytes(1)),
        DepositAmount.ofWei(value),
        BlsSignature.fromBytes(call.dynamicBytes(2)));
  }

  /**
   * DepositEvent(bytes pubkey, bytes withdrawal_credentials, bytes amount, bytes signature, bytes
   * index).
   */
  private static List<DepositData> depositEvents() {
    return record.get("depositEvents").findValuesAsText("data").stream()
        .map(AbiWords::ofEventData)
        .map(
            event ->
                new DepositData(
                    BlsPublicKey.fromBytes(event.dynamicBytes(0)),
                    WithdrawalCredentials.fromBytes(event.dynamicBytes(1)),
                    DepositAmount.ofGwei(littleEndianAt(event, 2)),
                    BlsSignature.fromBytes(event.dynamicBytes(3))))
        .toList();
  }

  private static long depositIndex(AbiWords event) {
    return littleEndianAt(event, 4);
  }

  private static long littleEndianAt(AbiWords event, int index) {
    byte[] bytes = event.dynamicBytes(index);
    long value = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }
}
