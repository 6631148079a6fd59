package dev.valet.allocator.pool;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.keys.BlsSecretKey;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pool funds the keys it creates.
 *
 * @param mode auto, export or off
 * @param withdrawalCredentials 0x01 or 0x02 credentials; required unless the mode is off
 * @param amount what each deposit puts in, 32 ETH by default
 * @param funding the account that pays deposits in auto mode
 * @param executionRpcUrl the execution node that auto mode sends through
 * @param maxFeePerGasWei the most a deposit transaction may offer per gas, base fee included
 * @param maxPriorityFeePerGasWei the most it may offer the block builder per gas
 * @param replaceAfter how long a sent transaction may wait unmined before it is replaced with
 *     higher fees and the same nonce
 * @param confirmations how many blocks, the deposit's own included, make it confirmed
 */
public record DepositSettings(
    DepositMode mode,
    Optional<WithdrawalCredentials> withdrawalCredentials,
    DepositAmount amount,
    Optional<FundingAccount> funding,
    Optional<URI> executionRpcUrl,
    BigInteger maxFeePerGasWei,
    BigInteger maxPriorityFeePerGasWei,
    Duration replaceAfter,
    int confirmations) {

  public static final BigInteger WEI_PER_GWEI = BigInteger.TEN.pow(9);
  public static final BigInteger DEFAULT_MAX_FEE_PER_GAS =
      WEI_PER_GWEI.multiply(BigInteger.valueOf(50));
  public static final BigInteger DEFAULT_MAX_PRIORITY_FEE_PER_GAS =
      WEI_PER_GWEI.multiply(BigInteger.TWO);
  public static final Duration DEFAULT_REPLACE_AFTER = Duration.ofMinutes(3);
  public static final int DEFAULT_CONFIRMATIONS = 12;

  /** Caps above this (10,000 Gwei per gas) are taken for a typo in units. */
  private static final BigInteger FEE_CAP_LIMIT = WEI_PER_GWEI.multiply(BigInteger.valueOf(10_000));

  public DepositSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(withdrawalCredentials, "withdrawalCredentials");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(funding, "funding");
    Objects.requireNonNull(executionRpcUrl, "executionRpcUrl");
    Objects.requireNonNull(maxFeePerGasWei, "maxFeePerGasWei");
    Objects.requireNonNull(maxPriorityFeePerGasWei, "maxPriorityFeePerGasWei");
    Objects.requireNonNull(replaceAfter, "replaceAfter");
  }

  /** Deposits off, with the defaults for everything else. */
  public static DepositSettings off() {
    return new DepositSettings(
        DepositMode.OFF,
        Optional.empty(),
        DepositAmount.DEFAULT,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAX_FEE_PER_GAS,
        DEFAULT_MAX_PRIORITY_FEE_PER_GAS,
        DEFAULT_REPLACE_AFTER,
        DEFAULT_CONFIRMATIONS);
  }

  /**
   * Checks the settings together.
   *
   * @param where the pool's prefix, such as "pools.devnet"; messages name the setting under it
   * @throws IllegalArgumentException naming the first setting that is missing or wrong
   */
  void validate(String where) {
    String prefix = where + ".";
    if (mode.signsDeposits() && withdrawalCredentials.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + "withdrawalAddress (0x01 credentials) or "
              + prefix
              + "withdrawalCompoundingAddress (0x02) is required with deposits: "
              + mode.label());
    }
    if (withdrawalCredentials.isPresent()) {
      try {
        amount.requireAllowedFor(withdrawalCredentials.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + "depositAmountGwei: " + e.getMessage());
      }
    }
    if (mode == DepositMode.AUTO && funding.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + "funding (keystoreFile and passwordFile of the paying account) is required with"
              + " deposits: auto");
    }
    if (mode == DepositMode.AUTO && executionRpcUrl.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + "executionRpcUrl (the execution node's JSON-RPC) is required with deposits: auto");
    }
    executionRpcUrl.ifPresent(url -> requireHttp(url, prefix + "executionRpcUrl"));
    requireFeeCap(maxFeePerGasWei, prefix + "maxFeePerGasGwei", false);
    requireFeeCap(maxPriorityFeePerGasWei, prefix + "maxPriorityFeePerGasGwei", true);
    if (maxPriorityFeePerGasWei.compareTo(maxFeePerGasWei) > 0) {
      throw new IllegalArgumentException(
          prefix + "maxPriorityFeePerGasGwei must not be above " + prefix + "maxFeePerGasGwei");
    }
    if (replaceAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(prefix + "replaceAfter must be at least 1s");
    }
    if (confirmations < 1 || confirmations > 1000) {
      throw new IllegalArgumentException(
          prefix + "confirmations must be from 1 to 1000 blocks, was " + confirmations);
    }
  }

  /**
   * Signs the deposit of a new key, or nothing when deposits are off. Runs where the secret is in
   * hand already, at key creation; {@link DepositData#sign} verifies what it made.
   */
  public Optional<DepositData> sign(BlsSecretKey key, Network network) {
    if (!mode.signsDeposits()) {
      return Optional.empty();
    }
    return Optional.of(DepositData.sign(key, withdrawalCredentials.orElseThrow(), amount, network));
  }

  private static void requireHttp(URI url, String setting) {
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          setting + " must be an http:// or https:// URL such as http://geth.eth:8545");
    }
  }

  private static void requireFeeCap(BigInteger wei, String setting, boolean zeroAllowed) {
    if (wei.signum() < 0 || (!zeroAllowed && wei.signum() == 0)) {
      throw new IllegalArgumentException(
          setting + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " Gwei");
    }
    if (wei.compareTo(FEE_CAP_LIMIT) > 0) {
      throw new IllegalArgumentException(
          setting + " must be at most 10000 Gwei; check the unit (Gwei, not wei)");
    }
  }
}
