package dev.valet.allocator.deposit;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The 32 bytes of a deposit that say who may withdraw the validator's balance.
 *
 * <p>Valet makes execution-address credentials: 0x01 (phase0/validator.md, "ETH1_ADDRESS_
 * WITHDRAWAL_PREFIX") or 0x02, compounding (electra/validator.md, "COMPOUNDING_WITHDRAWAL_
 * PREFIX"), each the prefix byte, 11 zero bytes and the 20-byte address. Deposit data read from a
 * file may also carry 0x00 BLS credentials (a prefix and the tail of a key's SHA-256).
 */
public final class WithdrawalCredentials extends FixedBytes {

  /** The credential kinds, by their prefix byte. */
  public enum Type {
    /** 0x00: the hash of a BLS withdrawal key. */
    BLS(0x00),
    /** 0x01: an execution address; the effective balance stays at 32 ETH. */
    EXECUTION_ADDRESS(0x01),
    /** 0x02: an execution address with compounding rewards, up to 2048 ETH effective. */
    COMPOUNDING(0x02);

    private final int prefix;

    Type(int prefix) {
      this.prefix = prefix;
    }

    public int prefix() {
      return prefix;
    }
  }

  public static final int LENGTH = 32;

  private static final int ADDRESS_OFFSET = LENGTH - ExecutionAddress.LENGTH;
  private static final String EXAMPLE =
      "0x010000000000000000000000" + "4242424242424242424242424242424242424242";

  private final Type type;

  private WithdrawalCredentials(byte[] bytes, Type type) {
    super(bytes);
    this.type = type;
  }

  /** 0x01 credentials paying out to {@code address}. */
  public static WithdrawalCredentials executionAddress(ExecutionAddress address) {
    return ofAddress(Type.EXECUTION_ADDRESS, address);
  }

  /** 0x01 credentials paying out to an address given as text (EIP-55 checked if mixed case). */
  public static WithdrawalCredentials executionAddress(String address) {
    return executionAddress(ExecutionAddress.fromHex(address, "the withdrawal address"));
  }

  /** 0x02 (compounding) credentials paying out to {@code address}. */
  public static WithdrawalCredentials compounding(ExecutionAddress address) {
    return ofAddress(Type.COMPOUNDING, address);
  }

  /** 0x02 (compounding) credentials paying out to an address given as text. */
  public static WithdrawalCredentials compounding(String address) {
    return compounding(ExecutionAddress.fromHex(address, "the withdrawal address"));
  }

  /**
   * Reads credentials from their 32 bytes.
   *
   * @throws IllegalArgumentException if the length or prefix is unknown, or 0x01/0x02 credentials
   *     do not have 11 zero bytes between the prefix and the address
   */
  public static WithdrawalCredentials fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(bytes.clone(), "withdrawal credentials");
  }

  /**
   * Reads credentials from 64 hex digits, with or without "0x".
   *
   * @param what names the value in the error message
   */
  public static WithdrawalCredentials fromHex(String hex, String what) {
    return parse(HexText.decode(hex, LENGTH, what, EXAMPLE), what);
  }

  public Type type() {
    return type;
  }

  /** The address withdrawals go to; empty for 0x00 BLS credentials. */
  public Optional<ExecutionAddress> executionAddress() {
    if (type == Type.BLS) {
      return Optional.empty();
    }
    return Optional.of(
        ExecutionAddress.fromBytes(Arrays.copyOfRange(bytes(), ADDRESS_OFFSET, LENGTH)));
  }

  private static WithdrawalCredentials ofAddress(Type type, ExecutionAddress address) {
    Objects.requireNonNull(address, "address");
    byte[] bytes = new byte[LENGTH];
    bytes[0] = (byte) type.prefix();
    System.arraycopy(address.bytes(), 0, bytes, ADDRESS_OFFSET, ExecutionAddress.LENGTH);
    return new WithdrawalCredentials(bytes, type);
  }

  private static WithdrawalCredentials parse(byte[] bytes, String what) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(what + " are 32 bytes, not " + bytes.length);
    }
    Type type = typeOf(bytes[0], what);
    if (type != Type.BLS) {
      for (int i = 1; i < ADDRESS_OFFSET; i++) {
        if (bytes[i] != 0) {
          throw new IllegalArgumentException(
              what
                  + " of type 0x0"
                  + type.prefix()
                  + " must have 11 zero bytes between the prefix and the address");
        }
      }
    }
    return new WithdrawalCredentials(bytes, type);
  }

  private static Type typeOf(byte prefix, String what) {
    for (Type type : Type.values()) {
      if (type.prefix() == prefix) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        what + " start with 0x00, 0x01 or 0x02, not 0x" + HexText.unprefixed(new byte[] {prefix}));
  }
}
