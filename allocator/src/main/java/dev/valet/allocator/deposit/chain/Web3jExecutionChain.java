package dev.valet.allocator.deposit.chain;

import dev.valet.allocator.deposit.ExecutionAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** An execution node over JSON-RPC, through web3j. */
public final class Web3jExecutionChain implements ExecutionChain, AutoCloseable {
  private final Web3j web3j;
  private final String where;

  private Web3jExecutionChain(Web3j web3j, String where) {
    this.web3j = web3j;
    this.where = where;
  }

  /** A client of the node at {@code url}; messages name its host and port, never its path. */
  public static Web3jExecutionChain connect(URI url) {
    String where =
        url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    return new Web3jExecutionChain(Web3j.build(new HttpService(url.toString())), where);
  }

  @Override
  public long chainId() {
    return call(web3j.ethChainId(), "eth_chainId").getChainId().longValueExact();
  }

  @Override
  public boolean hasCode(ExecutionAddress address) {
    String code =
        call(web3j.ethGetCode(hex(address), DefaultBlockParameterName.LATEST), "eth_getCode")
            .getCode();
    return code != null && Numeric.hexStringToByteArray(code).length > 0;
  }

  @Override
  public BigInteger balance(ExecutionAddress account) {
    return call(
            web3j.ethGetBalance(hex(account), DefaultBlockParameterName.LATEST), "eth_getBalance")
        .getBalance();
  }

  @Override
  public long pendingNonce(ExecutionAddress account) {
    return call(
            web3j.ethGetTransactionCount(hex(account), DefaultBlockParameterName.PENDING),
            "eth_getTransactionCount")
        .getTransactionCount()
        .longValueExact();
  }

  @Override
  public long nonceAt(ExecutionAddress account, long block) {
    return call(
            web3j.ethGetTransactionCount(hex(account), number(block)), "eth_getTransactionCount")
        .getTransactionCount()
        .longValueExact();
  }

  @Override
  public long headBlock() {
    return call(web3j.ethBlockNumber(), "eth_blockNumber").getBlockNumber().longValueExact();
  }

  @Override
  public FeeMarket feeMarket() {
    EthBlock.Block latest =
        call(
                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false),
                "eth_getBlockByNumber")
            .getBlock();
    if (latest == null || latest.getBaseFeePerGas() == null) {
      throw new ChainException(
          "the execution node at "
              + where
              + " gives no base fee: it is not past London (EIP-1559)");
    }
    BigInteger priority =
        call(web3j.ethMaxPriorityFeePerGas(), "eth_maxPriorityFeePerGas").getMaxPriorityFeePerGas();
    return new FeeMarket(latest.getBaseFeePerGas(), priority);
  }

  @Override
  public BigInteger estimateGas(
      ExecutionAddress from, ExecutionAddress to, BigInteger value, byte[] data) {
    Transaction call =
        Transaction.createFunctionCallTransaction(
            hex(from), null, null, null, hex(to), value, Numeric.toHexString(data));
    return call(web3j.ethEstimateGas(call), "eth_estimateGas").getAmountUsed();
  }

  @Override
  public Broadcast broadcast(byte[] signedTransaction) {
    EthSendTransaction sent;
    try {
      sent = web3j.ethSendRawTransaction(Numeric.toHexString(signedTransaction)).send();
    } catch (IOException e) {
      throw unreachable(e);
    }
    if (!sent.hasError()) {
      return Broadcast.ok();
    }
    String error = String.valueOf(sent.getError().getMessage());
    if (error.toLowerCase(java.util.Locale.ROOT).contains("already known")) {
      return Broadcast.ok();
    }
    return new Broadcast(false, error);
  }

  @Override
  public Optional<Receipt> receipt(byte[] transactionHash) {
    Optional<TransactionReceipt> receipt =
        call(
                web3j.ethGetTransactionReceipt(Numeric.toHexString(transactionHash)),
                "eth_getTransactionReceipt")
            .getTransactionReceipt();
    return receipt.map(
        r ->
            new Receipt(
                transactionHash,
                r.isStatusOK(),
                r.getBlockNumber().longValueExact(),
                Numeric.hexStringToByteArray(r.getBlockHash())));
  }

  @Override
  public boolean knows(byte[] transactionHash) {
    return call(
            web3j.ethGetTransactionByHash(Numeric.toHexString(transactionHash)),
            "eth_getTransactionByHash")
        .getTransaction()
        .isPresent();
  }

  @Override
  public List<DepositLog> depositLogs(ExecutionAddress contract, long from, long to) {
    EthFilter filter = new EthFilter(number(from), number(to), hex(contract));
    filter.addSingleTopic(DepositContractAbi.DEPOSIT_EVENT_TOPIC);
    List<DepositLog> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : call(web3j.ethGetLogs(filter), "eth_getLogs").getLogs()) {
      Log log = (Log) result.get();
      if (log.isRemoved()) {
        continue;
      }
      logs.add(
          DepositContractAbi.decode(
              log.getData(),
              Numeric.hexStringToByteArray(log.getTransactionHash()),
              log.getBlockNumber().longValueExact()));
    }
    return logs;
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  @Override
  public String toString() {
    return "execution node " + where;
  }

  private <T extends Response<?>> T call(Request<?, T> request, String method) {
    T response;
    try {
      response = request.send();
    } catch (IOException e) {
      throw unreachable(e);
    }
    if (response.hasError()) {
      throw new ChainException(
          "the execution node at "
              + where
              + " refused "
              + method
              + ": "
              + response.getError().getMessage());
    }
    return response;
  }

  private ChainException unreachable(IOException e) {
    return new ChainException(
        "the execution node at " + where + " did not answer: " + e.getMessage(), e);
  }

  private static String hex(ExecutionAddress address) {
    return address.toLowerCaseHex();
  }

  private static DefaultBlockParameter number(long block) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
  }
}
