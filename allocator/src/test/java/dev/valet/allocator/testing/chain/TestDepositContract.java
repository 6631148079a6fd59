package dev.valet.allocator.testing.chain;

import dev.valet.allocator.deposit.ExecutionAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The test deposit contract deployed on a {@link DevChain}, and what tests read back from it: its
 * DepositEvent logs, decoded here independently of Valet's own decoder, and its deposit count.
 */
public final class TestDepositContract {
  private static final String DEPOSIT_EVENT =
      Numeric.toHexString(
          Hash.sha3(
              "DepositEvent(bytes,bytes,bytes,bytes,bytes)"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  private static final String GET_DEPOSIT_COUNT =
      Numeric.toHexString(
              Hash.sha3("get_deposit_count()".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
          .substring(0, 10);

  private final DevChain chain;
  private final ExecutionAddress address;

  private TestDepositContract(DevChain chain, ExecutionAddress address) {
    this.chain = chain;
    this.address = address;
  }

  /** Compiles (once per JVM) and deploys the contract from a fresh, funded account. */
  public static TestDepositContract deploy(DevChain chain, long chainId)
      throws IOException, InterruptedException {
    String bytecode = DepositContractBuild.bytecode();
    Credentials deployer = fundedAccount(chain, BigInteger.TEN.pow(20));
    RawTransaction creation =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.ZERO,
            BigInteger.valueOf(3_000_000),
            "",
            BigInteger.ZERO,
            "0x" + bytecode,
            BigInteger.valueOf(1_000_000_000L),
            BigInteger.valueOf(100_000_000_000L));
    String hash =
        chain
            .call(
                "eth_sendRawTransaction",
                new JsonArray()
                    .add(Numeric.toHexString(TransactionEncoder.signMessage(creation, deployer))))
            .toString();
    chain.mine(1);
    JsonObject receipt =
        (JsonObject) chain.call("eth_getTransactionReceipt", new JsonArray().add(hash));
    if (receipt == null || !"0x1".equals(receipt.getString("status"))) {
      throw new IllegalStateException("the test deposit contract did not deploy: " + receipt);
    }
    return new TestDepositContract(
        chain, ExecutionAddress.fromHex(receipt.getString("contractAddress"), "contract"));
  }

  /** A new random account holding {@code wei}. */
  public static Credentials fundedAccount(DevChain chain, BigInteger wei) {
    try {
      ECKeyPair keys = Keys.createEcKeyPair(new SecureRandom());
      Credentials credentials = Credentials.create(keys);
      chain.setBalance(credentials.getAddress(), wei);
      return credentials;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public ExecutionAddress address() {
    return address;
  }

  /** How many deposits the contract took, from its own counter. */
  public long depositCount() {
    JsonObject call =
        new JsonObject().put("to", address.toLowerCaseHex()).put("data", GET_DEPOSIT_COUNT);
    byte[] result =
        Numeric.hexStringToByteArray(
            chain.call("eth_call", new JsonArray().add(call).add("latest")).toString());
    byte[] littleEndian = dynamicBytes(result, 0);
    long count = 0;
    for (int i = littleEndian.length - 1; i >= 0; i--) {
      count = (count << 8) | (littleEndian[i] & 0xff);
    }
    return count;
  }

  /** Every DepositEvent the contract emitted, with its fields and transaction hash. */
  public List<Event> events() {
    JsonObject filter =
        new JsonObject()
            .put("address", address.toLowerCaseHex())
            .put("fromBlock", "0x0")
            .put("toBlock", "latest")
            .put("topics", new JsonArray().add(DEPOSIT_EVENT));
    JsonArray logs = (JsonArray) chain.call("eth_getLogs", new JsonArray().add(filter));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < logs.size(); i++) {
      JsonObject log = logs.getJsonObject(i);
      byte[] data = Numeric.hexStringToByteArray(log.getString("data"));
      events.add(
          new Event(
              dynamicBytes(data, 0),
              dynamicBytes(data, 1),
              dynamicBytes(data, 2),
              dynamicBytes(data, 3),
              dynamicBytes(data, 4),
              log.getString("transactionHash")));
    }
    return events;
  }

  /** The DepositEvents for one public key. */
  public List<Event> eventsFor(byte[] pubkey) {
    return events().stream().filter(event -> Arrays.equals(event.pubkey(), pubkey)).toList();
  }

  /** One DepositEvent's fields as the contract emitted them. */
  public record Event(
      byte[] pubkey,
      byte[] withdrawalCredentials,
      byte[] amount,
      byte[] signature,
      byte[] index,
      String transactionHash) {}

  /** The {@code field}-th dynamic {@code bytes} value of ABI-encoded data. */
  private static byte[] dynamicBytes(byte[] data, int field) {
    int offset =
        new BigInteger(1, Arrays.copyOfRange(data, field * 32, field * 32 + 32)).intValueExact();
    int length = new BigInteger(1, Arrays.copyOfRange(data, offset, offset + 32)).intValueExact();
    return Arrays.copyOfRange(data, offset + 32, offset + 32 + length);
  }
}
