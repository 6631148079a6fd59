package dev.valet.webhook.config;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import dev.valet.allocator.pool.FundingAccount;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A pool's deposit settings: {@code deposits} (auto, export or off; off by default, so that no
 * configuration moves money unless it says so), {@code withdrawalAddress} or {@code
 * withdrawalCompoundingAddress}, {@code depositAmountGwei}, {@code funding}, {@code
 * executionRpcUrl}, the fee caps, {@code replaceAfter} and {@code confirmations}. The settings are
 * checked together by the pool's settings, with messages that name each one.
 */
final class DepositSetting {
  private DepositSetting() {}

  static DepositSettings read(Section pool) {
    DepositSettings defaults = DepositSettings.off();
    DepositMode mode = mode(pool);
    Optional<WithdrawalCredentials> credentials = credentials(pool);
    long amount = pool.wholeNumber("depositAmountGwei", defaults.amount().gwei());
    DepositAmount depositAmount;
    try {
      depositAmount = DepositAmount.ofGwei(amount);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(pool.name("depositAmountGwei") + ": " + e.getMessage());
    }
    Optional<FundingAccount> funding = pool.section("funding").map(DepositSetting::funding);
    Optional<URI> rpc =
        pool.string("executionRpcUrl").map(text -> uri(text, pool.name("executionRpcUrl")));
    return new DepositSettings(
        mode,
        credentials,
        depositAmount,
        funding,
        rpc,
        gwei(pool, "maxFeePerGasGwei", defaults.maxFeePerGasWei()),
        gwei(pool, "maxPriorityFeePerGasGwei", defaults.maxPriorityFeePerGasWei()),
        pool.duration("replaceAfter", defaults.replaceAfter()),
        pool.integer("confirmations", defaults.confirmations()));
  }

  private static DepositMode mode(Section pool) {
    String text = pool.string("deposits").orElse("off").strip();
    for (DepositMode mode : DepositMode.values()) {
      if (mode.label().equals(text.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new ConfigException(
        pool.name("deposits") + " must be auto, export or off; it is '" + text + "'");
  }

  private static Optional<WithdrawalCredentials> credentials(Section pool) {
    Optional<String> address = pool.string("withdrawalAddress");
    Optional<String> compounding = pool.string("withdrawalCompoundingAddress");
    if (address.isPresent() && compounding.isPresent()) {
      throw new ConfigException(
          "give either "
              + pool.name("withdrawalAddress")
              + " (0x01 credentials) or "
              + pool.name("withdrawalCompoundingAddress")
              + " (0x02), not both");
    }
    try {
      if (address.isPresent()) {
        return Optional.of(
            WithdrawalCredentials.executionAddress(
                ExecutionAddress.fromHex(address.get(), pool.name("withdrawalAddress"))));
      }
      if (compounding.isPresent()) {
        return Optional.of(
            WithdrawalCredentials.compounding(
                ExecutionAddress.fromHex(
                    compounding.get(), pool.name("withdrawalCompoundingAddress"))));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return Optional.empty();
  }

  private static FundingAccount funding(Section section) {
    FundingAccount account =
        new FundingAccount(
            section
                .path("keystoreFile")
                .orElseThrow(
                    () ->
                        new ConfigException(
                            section.name("keystoreFile")
                                + " is required: the funding account's encrypted JSON keystore")),
            section
                .path("passwordFile")
                .orElseThrow(
                    () ->
                        new ConfigException(
                            section.name("passwordFile")
                                + " is required: the file with the keystore's password")));
    section.finish();
    return account;
  }

  private static URI uri(String text, String setting) {
    try {
      return new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new ConfigException(setting + " must be an http:// or https:// URL; it is not a URL");
    }
  }

  /** A fee in Gwei, fractions allowed down to one wei. */
  private static BigInteger gwei(Section pool, String key, BigInteger fallback) {
    Optional<String> text = pool.string(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return new BigDecimal(text.get().strip()).scaleByPowerOfTen(9).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ConfigException(
          pool.name(key)
              + " must be a number of Gwei such as 50 or 0.5; it is '"
              + text.get()
              + "'");
    }
  }
}
