package dev.valet.allocator.deposit;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The amount of one deposit, in Gwei (10^9 wei), the unit of the beacon chain and of the deposit
 * contract, which rejects a value that is not a whole number of Gwei.
 *
 * <p>Bounds: at least 1 ETH (MIN_DEPOSIT_AMOUNT, phase0/deposit-contract.md); at most 32 ETH for
 * 0x00 and 0x01 credentials, whose effective balance cannot grow past 32 ETH, and at most 2048 ETH
 * for 0x02 compounding credentials (MAX_EFFECTIVE_BALANCE_ELECTRA, electra/beacon-chain.md).
 *
 * @param gwei the amount in Gwei
 */
public record DepositAmount(long gwei) {

  public static final long GWEI_PER_ETHER = 1_000_000_000L;

  /** 1 ETH, the least the deposit contract accepts. */
  public static final long MIN_GWEI = GWEI_PER_ETHER;

  /** 32 ETH: the most for 0x00 and 0x01 credentials, and Valet's default. */
  public static final long MAX_EXECUTION_ADDRESS_GWEI = 32 * GWEI_PER_ETHER;

  /** 2048 ETH: the most for 0x02 compounding credentials. */
  public static final long MAX_COMPOUNDING_GWEI = 2048 * GWEI_PER_ETHER;

  /** 32 ETH, what activates a validator. */
  public static final DepositAmount DEFAULT = new DepositAmount(MAX_EXECUTION_ADDRESS_GWEI);

  private static final BigInteger WEI_PER_GWEI = BigInteger.valueOf(GWEI_PER_ETHER);

  /**
   * @throws IllegalArgumentException if the amount is below 1 ETH or above 2048 ETH
   */
  public DepositAmount {
    if (gwei < MIN_GWEI) {
      throw new IllegalArgumentException(
          "a deposit amount must be at least 1 ETH (" + MIN_GWEI + " Gwei), was " + gwei + " Gwei");
    }
    if (gwei > MAX_COMPOUNDING_GWEI) {
      throw new IllegalArgumentException(
          "a deposit amount must be at most 2048 ETH ("
              + MAX_COMPOUNDING_GWEI
              + " Gwei), was "
              + gwei
              + " Gwei");
    }
  }

  public static DepositAmount ofGwei(long gwei) {
    return new DepositAmount(gwei);
  }

  /**
   * An amount given in wei, such as a transaction value.
   *
   * @throws IllegalArgumentException if it is not a whole number of Gwei or is out of bounds
   */
  public static DepositAmount ofWei(BigInteger wei) {
    Objects.requireNonNull(wei, "wei");
    BigInteger[] gweiAndRest = wei.divideAndRemainder(WEI_PER_GWEI);
    if (gweiAndRest[1].signum() != 0) {
      throw new IllegalArgumentException(
          "a deposit amount must be a whole number of Gwei; " + wei + " wei is not");
    }
    BigInteger gwei = gweiAndRest[0];
    if (gwei.bitLength() >= Long.SIZE) {
      throw new IllegalArgumentException(
          "a deposit amount must be at most 2048 ETH (" + MAX_COMPOUNDING_GWEI + " Gwei)");
    }
    return new DepositAmount(gwei.longValueExact());
  }

  /** The amount in wei, the unit of an execution-layer transaction's value. */
  public BigInteger wei() {
    return BigInteger.valueOf(gwei).multiply(WEI_PER_GWEI);
  }

  /**
   * Checks the amount against the credentials' ceiling.
   *
   * @throws IllegalArgumentException if it is above 32 ETH for 0x00 or 0x01 credentials
   */
  public DepositAmount requireAllowedFor(WithdrawalCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials.type() != WithdrawalCredentials.Type.COMPOUNDING
        && gwei > MAX_EXECUTION_ADDRESS_GWEI) {
      throw new IllegalArgumentException(
          "a deposit amount of "
              + gwei
              + " Gwei is above 32 ETH ("
              + MAX_EXECUTION_ADDRESS_GWEI
              + " Gwei), the most for 0x0"
              + credentials.type().prefix()
              + " withdrawal credentials; only 0x02 (compounding) credentials accept up to"
              + " 2048 ETH");
    }
    return this;
  }

  /** The SSZ serialization of the amount: 8 bytes, little-endian, as DepositEvent carries it. */
  public byte[] toLittleEndian() {
    return Ssz.littleEndian(gwei);
  }
}
