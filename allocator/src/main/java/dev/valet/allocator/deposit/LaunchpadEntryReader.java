package dev.valet.allocator.deposit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Parses and checks the entries of a launchpad deposit data file, one field at a time. */
final class LaunchpadEntryReader {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode entry;
  private final int index;

  private LaunchpadEntryReader(JsonNode entry, int index) {
    this.entry = entry;
    this.index = index;
  }

  static List<DepositData> readAll(String json, Network network) {
    JsonNode root = parse(json);
    if (!root.isArray()) {
      throw new DepositDataFileException("a deposit data file is a JSON array of entries");
    }
    if (root.isEmpty()) {
      throw new DepositDataFileException("a deposit data file holds at least one entry");
    }

    List<DepositData> deposits = new ArrayList<>(root.size());
    Map<BlsPublicKey, Integer> seen = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      DepositData deposit = new LaunchpadEntryReader(root.get(i), i).read(network);
      Integer earlier = seen.putIfAbsent(deposit.pubkey(), i);
      if (earlier != null) {
        // Two deposits for one key in a file are a mistake that would fund the key twice.
        throw DepositDataFileException.atEntry(i, "pubkey", "the same key as entry " + earlier);
      }
      deposits.add(deposit);
    }
    return List.copyOf(deposits);
  }

  private DepositData read(Network network) {
    if (!entry.isObject()) {
      throw new DepositDataFileException("deposit data entry " + index + " is not a JSON object");
    }

    BlsPublicKey pubkey = pubkey();
    WithdrawalCredentials credentials = credentials();
    DepositAmount amount = amount(credentials);
    BlsSignature signature = signature();
    DepositData deposit = new DepositData(pubkey, credentials, amount, signature);

    requireRoot("deposit_message_root", deposit.message().hashTreeRoot());
    requireRoot("deposit_data_root", deposit.hashTreeRoot());
    requireNetwork(network);
    if (entry.has("deposit_cli_version")) {
      text("deposit_cli_version");
    }
    if (!deposit.verify(network)) {
      throw fail(
          "signature",
          "does not verify for network "
              + network.name()
              + " (genesis fork version "
              + network.genesisForkVersion().toHex()
              + ")");
    }
    return deposit;
  }

  private BlsPublicKey pubkey() {
    byte[] bytes = hex("pubkey", 48);
    try {
      return BlsPublicKey.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw fail("pubkey", "is not a valid BLS12-381 public key: " + e.getMessage());
    }
  }

  private WithdrawalCredentials credentials() {
    byte[] bytes = hex("withdrawal_credentials", WithdrawalCredentials.LENGTH);
    try {
      return WithdrawalCredentials.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw fail("withdrawal_credentials", e.getMessage());
    }
  }

  private DepositAmount amount(WithdrawalCredentials credentials) {
    JsonNode node = field("amount");
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw fail("amount", "must be a whole number of Gwei, such as 32000000000");
    }
    try {
      return DepositAmount.ofGwei(node.longValue()).requireAllowedFor(credentials);
    } catch (IllegalArgumentException e) {
      throw fail("amount", e.getMessage());
    }
  }

  private BlsSignature signature() {
    byte[] bytes = hex("signature", 96);
    try {
      return BlsSignature.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw fail("signature", "is not a valid BLS12-381 signature: " + e.getMessage());
    }
  }

  private void requireRoot(String name, Bytes32 computed) {
    Bytes32 given = Bytes32.wrap(hex(name, Bytes32.LENGTH));
    if (!given.equals(computed)) {
      throw fail(
          name,
          given.toUnprefixedHex()
              + " differs from the root of the entry's data, "
              + computed.toUnprefixedHex());
    }
  }

  private void requireNetwork(Network network) {
    ForkVersion forkVersion = ForkVersion.fromBytes(hex("fork_version", ForkVersion.LENGTH));
    if (!forkVersion.equals(network.genesisForkVersion())) {
      throw fail(
          "fork_version",
          "is "
              + forkVersion.toUnprefixedHex()
              + " but network "
              + network.name()
              + " has "
              + network.genesisForkVersion().toUnprefixedHex());
    }
    if (entry.has("network_name")) {
      String name = text("network_name");
      if (!name.equals(network.name())) {
        throw fail("network_name", "is '" + name + "' but the network is " + network.name());
      }
    }
  }

  private byte[] hex(String name, int length) {
    String text = text(name);
    String digits = HexText.withoutPrefix(text);
    if (digits.length() != 2 * length) {
      throw fail(name, "must be " + length + " bytes of hex (" + 2 * length + " digits)");
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw fail(name, "must be " + length + " bytes of hex, but is not hex");
    }
  }

  private String text(String name) {
    JsonNode node = field(name);
    if (!node.isTextual()) {
      throw fail(name, "must be a JSON string");
    }
    return node.textValue();
  }

  private JsonNode field(String name) {
    JsonNode node = entry.get(name);
    if (node == null || node.isNull()) {
      throw fail(name, "is missing");
    }
    return node;
  }

  private DepositDataFileException fail(String field, String problem) {
    return DepositDataFileException.atEntry(index, field, problem);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String position =
          where == null
              ? ""
              : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
      throw new DepositDataFileException("a deposit data file must be valid JSON" + position);
    }
  }
}
