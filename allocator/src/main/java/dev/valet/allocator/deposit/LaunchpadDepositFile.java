package dev.valet.allocator.deposit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deposit data in the launchpad's {@code deposit_data-<timestamp>.json} format: the JSON array that
 * the official deposit CLI writes (ethereum/staking-deposit-cli, {@code export_deposit_data_json})
 * and the Staking Launchpad reads. Each entry has, in this order, {@code pubkey}, {@code
 * withdrawal_credentials}, {@code amount} (a number, in Gwei), {@code signature}, {@code
 * deposit_message_root}, {@code deposit_data_root}, {@code fork_version}, {@code network_name} and
 * {@code deposit_cli_version}; byte fields are lower-case hex without "0x".
 */
public final class LaunchpadDepositFile {

  /**
   * The {@code deposit_cli_version} written: the release of the official deposit CLI whose format
   * this is. The launchpad refuses files from CLI versions below its minimum, and the successor CLI
   * (ethstaker-deposit-cli) writes this same value for that reason.
   */
  public static final String DEPOSIT_CLI_VERSION = "2.7.0";

  private LaunchpadDepositFile() {}

  /** The file name the deposit CLI gives: {@code deposit_data-<Unix seconds>.json}. */
  public static String fileName(Instant createdAt) {
    Objects.requireNonNull(createdAt, "createdAt");
    return "deposit_data-" + createdAt.getEpochSecond() + ".json";
  }

  /**
   * Writes deposits as the deposit CLI does, byte for byte: Python's {@code json.dump} with its
   * default separators, one line.
   *
   * @throws IllegalArgumentException if the list is empty, or a deposit does not verify for {@code
   *     network} or carries an amount its credentials do not allow
   */
  public static String write(List<DepositData> deposits, Network network) {
    Objects.requireNonNull(deposits, "deposits");
    Objects.requireNonNull(network, "network");
    if (deposits.isEmpty()) {
      throw new IllegalArgumentException("a deposit data file holds at least one deposit");
    }

    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < deposits.size(); i++) {
      DepositData deposit = deposits.get(i);
      deposit.amount().requireAllowedFor(deposit.withdrawalCredentials());
      if (!deposit.verify(network)) {
        throw new IllegalArgumentException(
            "deposit "
                + i
                + " for "
                + deposit.pubkey()
                + " does not verify for network "
                + network.name()
                + "; not written");
      }
      if (i > 0) {
        json.append(", ");
      }
      appendEntry(json, deposit, network);
    }
    return json.append(']').toString();
  }

  /**
   * Reads a deposit data file and checks every entry against {@code network}: field formats, amount
   * bounds, both roots, fork version, network name and signature; a public key may appear once. Hex
   * fields are read with or without "0x"; {@code network_name} and {@code deposit_cli_version} may
   * be absent, as in files of older CLI releases.
   *
   * @throws DepositDataFileException naming the first entry and field that does not check out
   */
  public static List<DepositData> read(String json, Network network) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(network, "network");
    return LaunchpadEntryReader.readAll(json, network);
  }

  private static void appendEntry(StringBuilder json, DepositData deposit, Network network) {
    json.append('{');
    field(json, "pubkey", HexText.unprefixed(deposit.pubkey().toBytes())).append(", ");
    field(json, "withdrawal_credentials", deposit.withdrawalCredentials().toUnprefixedHex())
        .append(", ");
    json.append("\"amount\": ").append(deposit.amount().gwei()).append(", ");
    field(json, "signature", HexText.unprefixed(deposit.signature().toBytes())).append(", ");
    field(json, "deposit_message_root", deposit.message().hashTreeRoot().toUnprefixedHex())
        .append(", ");
    field(json, "deposit_data_root", deposit.hashTreeRoot().toUnprefixedHex()).append(", ");
    field(json, "fork_version", network.genesisForkVersion().toUnprefixedHex()).append(", ");
    // Network names are lower-case letters, digits and '-', so they need no JSON escaping.
    field(json, "network_name", network.name()).append(", ");
    field(json, "deposit_cli_version", DEPOSIT_CLI_VERSION);
    json.append('}');
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    return json.append('"').append(name).append("\": \"").append(value).append('"');
  }
}
