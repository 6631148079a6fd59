package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.deposit.send.Blocking.await;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.chain.DepositContractAbi;
import dev.valet.allocator.deposit.chain.ExecutionChain.Receipt;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.store.OpenDeposit;
import dev.valet.allocator.deposit.store.RecordedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a sent deposit to confirmation. Any of its recorded transactions being mined counts (they
 * share one nonce, so at most one can be); none mined and unknown to the node: the latest is
 * broadcast again byte for byte; none mined after {@code replaceAfter}: a replacement with higher
 * fees and the same nonce is recorded, then broadcast. A reverted transaction, or a nonce used by
 * another transaction, fails the deposit: nothing is sent again without an operator.
 */
final class SentDepositFollower {
  private static final Logger LOG = LoggerFactory.getLogger(PoolDepositSender.class);

  private final Pass pass;

  SentDepositFollower(Pass pass) {
    this.pass = pass;
  }

  void follow(OpenDeposit deposit) {
    long head = pass.chain().headBlock();
    List<RecordedTransaction> transactions = await(pass.deposits().transactions(deposit.keyId()));
    Optional<Receipt> receipt = firstReceipt(deposit, transactions);
    if (receipt.isPresent()) {
      mined(deposit, receipt.get(), head);
      return;
    }
    if (transactions.isEmpty()) {
      pass.waiting(
          deposit,
          "the deposit found on chain for this key is no longer in the node's chain (a reorg?);"
              + " waiting for it to be mined again");
      return;
    }
    long nonce = deposit.txNonce().orElseThrow();
    long settled = head - pass.pool().deposits().confirmations() + 1;
    if (settled >= 0 && pass.chain().nonceAt(pass.signer().address(), settled) > nonce) {
      fail(
          deposit,
          "nonce "
              + nonce
              + " of the funding account was used by another transaction, so this deposit"
              + " was not made; Valet does not send it again: deposit the key yourself (export"
              + " it) or retire it");
      return;
    }
    RecordedTransaction latest = transactions.getLast();
    Duration waited = Duration.between(latest.signedAt(), pass.clock().instant());
    if (waited.compareTo(pass.pool().deposits().replaceAfter()) >= 0) {
      replace(deposit, latest, waited);
    } else if (!pass.chain().knows(latest.hash())) {
      pass.broadcast(deposit, latest.hash(), latest.raw());
    }
  }

  private Optional<Receipt> firstReceipt(
      OpenDeposit deposit, List<RecordedTransaction> transactions) {
    List<byte[]> hashes = new ArrayList<>();
    transactions.forEach(transaction -> hashes.add(transaction.hash()));
    deposit.minedTxHash().ifPresent(hashes::add);
    for (byte[] hash : hashes) {
      Optional<Receipt> receipt = pass.chain().receipt(hash);
      if (receipt.isPresent()) {
        return receipt;
      }
    }
    return Optional.empty();
  }

  private void mined(OpenDeposit deposit, Receipt receipt, long head) {
    String hash = "0x" + HexFormat.of().formatHex(receipt.transactionHash());
    if (!receipt.succeeded()) {
      fail(
          deposit,
          "the deposit transaction "
              + hash
              + " reverted in block "
              + receipt.blockNumber()
              + "; no deposit was made. Valet does not send it again: check the deposit contract"
              + " and the data, then deposit the key yourself or retire it");
      return;
    }
    int confirmations = (int) Math.max(0, head - receipt.blockNumber() + 1);
    await(pass.changes().mined(deposit, receipt, confirmations));
    if (confirmations >= pass.pool().deposits().confirmations()) {
      await(pass.changes().confirmed(deposit, confirmations));
      LOG.info(
          "Deposit of key {} ({}) in pool {} confirmed: {} in block {}, {} confirmations",
          deposit.keyId(),
          deposit.shortPubkey(),
          pass.pool().name(),
          hash,
          receipt.blockNumber(),
          confirmations);
    }
  }

  private void replace(OpenDeposit deposit, RecordedTransaction latest, Duration waited) {
    DepositData data;
    switch (DepositChecks.check(deposit, pass.pool())) {
      case DepositChecks.Result.Refused refused -> {
        pass.waiting(deposit, "not replaced: " + refused.reason());
        return;
      }
      case DepositChecks.Result.Ready ready -> data = ready.data();
    }
    FeePolicy.Fees previous =
        new FeePolicy.Fees(latest.maxFeePerGas(), latest.maxPriorityFeePerGas());
    switch (pass.fees().bump(previous, pass.chain().feeMarket())) {
      case FeePolicy.Choice.OverCap over -> {
        pass.waiting(deposit, "not mined after " + waited.toSeconds() + " s; " + over.reason());
        if (!pass.chain().knows(latest.hash())) {
          pass.broadcast(deposit, latest.hash(), latest.raw());
        }
      }
      case FeePolicy.Choice.Offer offer -> {
        SignedTransaction replacement =
            pass.signer()
                .sign(
                    pass.pool().network().chainId(),
                    latest.nonce(),
                    latest.gasLimit(),
                    pass.pool().network().depositContractAddress(),
                    data.amount().wei(),
                    DepositContractAbi.depositCall(data),
                    offer.fees());
        await(pass.changes().recordReplacement(deposit, replacement, latest.attempt() + 1));
        LOG.info(
            "Deposit of key {} ({}) not mined after {} s: replaced by 0x{} at {} Gwei per gas,"
                + " nonce {}",
            deposit.keyId(),
            deposit.shortPubkey(),
            waited.toSeconds(),
            HexFormat.of().formatHex(replacement.hash()),
            FeePolicy.gwei(offer.fees().maxFeePerGas()),
            latest.nonce());
        pass.seams().recorded(deposit, replacement);
        pass.broadcast(deposit, replacement);
      }
    }
  }

  private void fail(OpenDeposit deposit, String error) {
    await(pass.changes().failed(deposit, error));
    LOG.warn(
        "Deposit of key {} ({}) in pool {} failed: {}",
        deposit.keyId(),
        deposit.shortPubkey(),
        pass.pool().name(),
        error);
  }
}
