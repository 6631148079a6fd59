package dev.valet.allocator.deposit.chain;

import dev.valet.allocator.deposit.DepositData;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/**
 * The deposit contract's ABI as the consensus specs publish it (solidity_deposit_contract,
 * IDepositContract): {@code deposit(bytes pubkey, bytes withdrawal_credentials, bytes signature,
 * bytes32 deposit_data_root)} and {@code DepositEvent}.
 */
public final class DepositContractAbi {

  private static final TypeReference<DynamicBytes> BYTES = new TypeReference<>() {};
  private static final int WORD = 32;

  /** keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"), the log's only topic. */
  public static final String DEPOSIT_EVENT_TOPIC =
      EventEncoder.encode(new Event("DepositEvent", List.of(BYTES, BYTES, BYTES, BYTES, BYTES)));

  private DepositContractAbi() {}

  /** The calldata of {@code deposit(...)} for this deposit. */
  public static byte[] depositCall(DepositData deposit) {
    Function call =
        new Function(
            "deposit",
            List.of(
                new DynamicBytes(deposit.pubkey().toBytes()),
                new DynamicBytes(deposit.withdrawalCredentials().toBytes()),
                new DynamicBytes(deposit.signature().toBytes()),
                new Bytes32(deposit.hashTreeRoot().toBytes())),
            List.of());
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(call));
  }

  /**
   * Reads a DepositEvent's data: five ABI-encoded byte strings, each a 32-byte offset in the head
   * and a 32-byte length followed by the bytes in the tail.
   *
   * @throws ChainException if the data is not five byte strings
   */
  public static DepositLog decode(String data, byte[] transactionHash, long blockNumber) {
    byte[] bytes = Numeric.hexStringToByteArray(data);
    byte[][] fields = new byte[5][];
    for (int i = 0; i < fields.length; i++) {
      int offset = word(bytes, i * WORD);
      int length = word(bytes, offset);
      if (offset + WORD + length > bytes.length) {
        throw malformed();
      }
      fields[i] = Arrays.copyOfRange(bytes, offset + WORD, offset + WORD + length);
    }
    return new DepositLog(
        fields[0], fields[1], fields[2], fields[3], fields[4], transactionHash, blockNumber);
  }

  /** A 32-byte big-endian word at {@code at} that must be a small non-negative number. */
  private static int word(byte[] bytes, int at) {
    if (at < 0 || at + WORD > bytes.length) {
      throw malformed();
    }
    BigInteger value = new BigInteger(1, Arrays.copyOfRange(bytes, at, at + WORD));
    if (value.bitLength() > 24) {
      throw malformed();
    }
    return value.intValueExact();
  }

  private static ChainException malformed() {
    return new ChainException("a DepositEvent log does not hold five byte strings");
  }
}
