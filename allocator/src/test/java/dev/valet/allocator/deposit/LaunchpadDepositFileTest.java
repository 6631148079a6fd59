package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.valet.allocator.keys.BlsSecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchpadDepositFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // consensus-spec-tests bls/sign: the first two of the spec's test private keys.
  private static final BlsSecretKey KEY =
      key("263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3");
  private static final BlsSecretKey OTHER_KEY =
      key("47b8192d77bf871b62e87859d653922725724a5c031afeabc60bcef5ff665138");

  private static final WithdrawalCredentials CREDENTIALS =
      WithdrawalCredentials.executionAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

  @Test
  void fileNameIsTheDepositCliOne() {
    assertThat(LaunchpadDepositFile.fileName(Instant.ofEpochSecond(1722174443L, 900_000_000)))
        .isEqualTo("deposit_data-1722174443.json");
  }

  @Test
  void writesTheDepositCliFieldsInItsOrderAndEncodings() throws IOException {
    DepositData deposit = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    String json = LaunchpadDepositFile.write(List.of(deposit), Network.HOODI);

    JsonNode entry = JSON.readTree(json).get(0);
    List<String> names = new ArrayList<>();
    entry.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "pubkey",
            "withdrawal_credentials",
            "amount",
            "signature",
            "deposit_message_root",
            "deposit_data_root",
            "fork_version",
            "network_name",
            "deposit_cli_version");
    assertThat(entry.get("pubkey").textValue()).isEqualTo(KEY.publicKey().toHex().substring(2));
    assertThat(entry.get("withdrawal_credentials").textValue())
        .isEqualTo("010000000000000000000000" + "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    assertThat(entry.get("amount").isIntegralNumber()).isTrue();
    assertThat(entry.get("amount").longValue()).isEqualTo(32_000_000_000L);
    assertThat(entry.get("signature").textValue()).hasSize(192).doesNotStartWith("0x");
    assertThat(entry.get("deposit_message_root").textValue())
        .isEqualTo(deposit.message().hashTreeRoot().toUnprefixedHex());
    assertThat(entry.get("deposit_data_root").textValue())
        .isEqualTo(deposit.hashTreeRoot().toUnprefixedHex());
    assertThat(entry.get("fork_version").textValue()).isEqualTo("10000910");
    assertThat(entry.get("network_name").textValue()).isEqualTo("hoodi");
    assertThat(entry.get("deposit_cli_version").textValue()).isEqualTo("2.7.0");
  }

  @Test
  void writesOnOneLineWithPythonsDefaultSeparators() {
    DepositData first = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);
    DepositData second =
        DepositData.sign(OTHER_KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    String json = LaunchpadDepositFile.write(List.of(first, second), Network.HOODI);

    assertThat(json)
        .startsWith("[{\"pubkey\": \"" + first.pubkey().toHex().substring(2) + "\", ")
        .contains("\"amount\": 32000000000, \"signature\": \"")
        .contains("\"deposit_cli_version\": \"2.7.0\"}, {\"pubkey\": \"")
        .endsWith("\"network_name\": \"hoodi\", \"deposit_cli_version\": \"2.7.0\"}]")
        .doesNotContain("\n");
  }

  @Test
  void whatIsWrittenReadsBackForTheSameNetwork() {
    List<DepositData> deposits =
        List.of(
            DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.MAINNET),
            DepositData.sign(
                OTHER_KEY,
                WithdrawalCredentials.compounding("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                DepositAmount.ofGwei(64_000_000_000L),
                Network.MAINNET));

    String json = LaunchpadDepositFile.write(deposits, Network.MAINNET);

    assertThat(LaunchpadDepositFile.read(json, Network.MAINNET)).isEqualTo(deposits);
  }

  @Test
  void writerRefusesADepositSignedForAnotherNetwork() {
    DepositData hoodi = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    assertThatThrownBy(() -> LaunchpadDepositFile.write(List.of(hoodi), Network.MAINNET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "deposit 0 for "
                + KEY.publicKey()
                + " does not verify for network mainnet; not written");
  }

  @Test
  void writerRefusesAnEmptyList() {
    assertThatThrownBy(() -> LaunchpadDepositFile.write(List.of(), Network.MAINNET))
        .hasMessage("a deposit data file holds at least one deposit");
  }

  @Test
  void readsTheDepositCliDocsHoleskyExample() throws IOException {
    // ethstaker/ethstaker-deposit-cli docs/src/deposit_data_file.md, "Example".
    List<DepositData> deposits =
        LaunchpadDepositFile.read(resource("holesky-deposit-cli-example.json"), Network.HOLESKY);

    assertThat(deposits).hasSize(2);
    assertThat(deposits.get(1).pubkey().toHex())
        .isEqualTo(
            "0x86ee0b826d7d5262324ace2fba4ed5f09a1cbef80552e3d945279f19bc4118a98e9a93257eb4c7731ccc10c19835d24f");
    assertThat(deposits).allMatch(deposit -> deposit.verify(Network.HOLESKY));
  }

  @Test
  void holeskyFileIsRefusedForAnotherNetworkByItsForkVersion() throws IOException {
    String holesky = resource("holesky-deposit-cli-example.json");

    assertThatThrownBy(() -> LaunchpadDepositFile.read(holesky, Network.MAINNET))
        .isInstanceOf(DepositDataFileException.class)
        .hasMessage(
            "deposit data entry 0, fork_version: is 01017000 but network mainnet has 00000000");
  }

  @Test
  void signatureForAnotherNetworkIsRefusedEvenWithMatchingLabels() throws IOException {
    // Relabelled as mainnet, the roots still match, but the signature commits to holesky.
    ArrayNode entries = holeskyEntries();
    for (JsonNode entry : entries) {
      ((ObjectNode) entry).put("fork_version", "00000000").put("network_name", "mainnet");
    }

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.MAINNET))
        .hasMessage(
            "deposit data entry 0, signature: does not verify for network mainnet (genesis fork"
                + " version 0x00000000)");
  }

  @Test
  void networkNameMustMatch() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(1)).put("network_name", "hoodi");

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage("deposit data entry 1, network_name: is 'hoodi' but the network is holesky");
  }

  @Test
  void depositDataRootMustBeTheRootOfTheData() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(1)).put("deposit_data_root", "00".repeat(32));

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage(
            "deposit data entry 1, deposit_data_root: "
                + "00".repeat(32)
                + " differs from the root of the entry's data,"
                + " 0fcb16fdb536b00a037a3ccde67187d21abfb726d677e40709ae6910d44377a5");
  }

  @Test
  void signatureOfAnotherEntryBreaksTheRoots() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("signature", entries.get(1).get("signature").textValue());

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessageStartingWith("deposit data entry 0, deposit_data_root: ");
  }

  @Test
  void missingFieldIsNamed() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(1)).remove("signature");

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage("deposit data entry 1, signature: is missing");
  }

  @Test
  void pubkeyOfWrongLengthIsNamed() throws IOException {
    ArrayNode entries = holeskyEntries();
    ObjectNode entry = (ObjectNode) entries.get(0);
    entry.put("pubkey", entry.get("pubkey").textValue().substring(2));

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage("deposit data entry 0, pubkey: must be 48 bytes of hex (96 digits)");
  }

  @Test
  void nonHexIsNamed() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("withdrawal_credentials", "zz".repeat(32));

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage(
            "deposit data entry 0, withdrawal_credentials: must be 32 bytes of hex, but is not hex");
  }

  @Test
  void pubkeyThatIsNotACurvePointIsNamed() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("pubkey", "12".repeat(48));

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessageStartingWith(
            "deposit data entry 0, pubkey: is not a valid BLS12-381 public key");
  }

  @Test
  void amountAsTextIsRefused() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("amount", "32000000000");

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage(
            "deposit data entry 0, amount: must be a whole number of Gwei, such as 32000000000");
  }

  @Test
  void amountAbove32EtherForBlsCredentialsIsRefused() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("amount", 64_000_000_000L);

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessageStartingWith(
            "deposit data entry 0, amount: a deposit amount of 64000000000 Gwei is above 32 ETH");
  }

  @Test
  void amountBelowOneEtherIsRefused() throws IOException {
    ArrayNode entries = holeskyEntries();
    ((ObjectNode) entries.get(0)).put("amount", 1);

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage(
            "deposit data entry 0, amount: a deposit amount must be at least 1 ETH (1000000000"
                + " Gwei), was 1 Gwei");
  }

  @Test
  void sameKeyTwiceIsRefused() throws IOException {
    ArrayNode entries = holeskyEntries();
    entries.add(entries.get(0).deepCopy());

    assertThatThrownBy(() -> LaunchpadDepositFile.read(entries.toString(), Network.HOLESKY))
        .hasMessage("deposit data entry 2, pubkey: the same key as entry 0");
  }

  @Test
  void fileThatIsNotAnArrayOfEntriesIsRefused() {
    assertThatThrownBy(() -> LaunchpadDepositFile.read("{}", Network.HOLESKY))
        .hasMessage("a deposit data file is a JSON array of entries");
    assertThatThrownBy(() -> LaunchpadDepositFile.read("[]", Network.HOLESKY))
        .hasMessage("a deposit data file holds at least one entry");
    assertThatThrownBy(() -> LaunchpadDepositFile.read("[42]", Network.HOLESKY))
        .hasMessage("deposit data entry 0 is not a JSON object");
    assertThatThrownBy(() -> LaunchpadDepositFile.read("[{\"pubkey\": ", Network.HOLESKY))
        .hasMessageStartingWith("a deposit data file must be valid JSON (line 1, column");
  }

  private static ArrayNode holeskyEntries() throws IOException {
    return (ArrayNode) JSON.readTree(resource("holesky-deposit-cli-example.json"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LaunchpadDepositFileTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static BlsSecretKey key(String hex) {
    return BlsSecretKey.fromBytes(HexFormat.of().parseHex(hex));
  }
}
