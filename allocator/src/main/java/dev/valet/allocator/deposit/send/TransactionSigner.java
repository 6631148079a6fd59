package dev.valet.allocator.deposit.send;

import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs EIP-1559 (type 2) transactions with the funding account's key. The key stays inside web3j's
 * {@link Credentials}; nothing here prints it.
 */
final class TransactionSigner {
  private final Credentials funding;
  private final ExecutionAddress address;

  TransactionSigner(Credentials funding) {
    this.funding = funding;
    this.address = ExecutionAddress.fromHex(funding.getAddress(), "the funding account");
  }

  ExecutionAddress address() {
    return address;
  }

  SignedTransaction sign(
      long chainId,
      long nonce,
      BigInteger gasLimit,
      ExecutionAddress to,
      BigInteger value,
      byte[] data,
      FeePolicy.Fees fees) {
    RawTransaction transaction =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.valueOf(nonce),
            gasLimit,
            to.toLowerCaseHex(),
            value,
            Numeric.toHexString(data),
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    byte[] signed = TransactionEncoder.signMessage(transaction, funding);
    return new SignedTransaction(
        Hash.sha3(signed),
        nonce,
        fees.maxFeePerGas(),
        fees.maxPriorityFeePerGas(),
        gasLimit,
        signed);
  }
}
