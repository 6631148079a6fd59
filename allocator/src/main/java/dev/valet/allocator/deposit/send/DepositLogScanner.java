package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.deposit.send.Blocking.await;

import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.chain.ChainException;
import dev.valet.allocator.deposit.chain.DepositLog;
import dev.valet.allocator.deposit.chain.ExecutionChain;
import dev.valet.allocator.deposit.store.PgDepositChanges;
import dev.valet.allocator.deposit.store.PgDeposits;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the deposit contract's DepositEvent logs forward from where it stopped, so that a key whose
 * deposit is on chain already (made by another tool from the same mnemonic, say) is never sent
 * again. The event has no indexed field, so the logs are read block range by block range and
 * matched against Valet's keys; the last blocks are read again each time, in case of a reorg.
 */
final class DepositLogScanner {
  private static final long FIRST_CHUNK = 10_000;
  private static final long SMALLEST_CHUNK = 100;
  private static final int CHUNKS_PER_PASS = 50;

  /** Where each preset's deposit contract was deployed: nothing before it to read. */
  private static final Map<String, Long> DEPLOYED_AT =
      Map.of("mainnet", 11_052_984L, "sepolia", 1_273_020L, "holesky", 0L, "hoodi", 0L);

  private final ExecutionChain chain;
  private final Network network;
  private final int overlap;

  DepositLogScanner(ExecutionChain chain, Network network, int overlap) {
    this.chain = chain;
    this.network = network;
    this.overlap = overlap;
  }

  /** How far a scan got. */
  record Progress(long scannedTo, long head) {
    boolean caughtUp() {
      return scannedTo >= head;
    }
  }

  /**
   * Reads up to {@link #CHUNKS_PER_PASS} ranges of logs and marks pending deposits whose key is
   * found as deposited.
   *
   * @throws ChainException if the node does not give the logs even for a small range
   */
  Progress scan(PgDeposits deposits, PgDepositChanges changes) {
    ExecutionAddress contract = network.depositContractAddress();
    long head = chain.headBlock();
    long first = network.isPreset() ? DEPLOYED_AT.getOrDefault(network.name(), 0L) : 0L;
    OptionalLong scanned = await(deposits.scannedTo(network.chainId(), contract));
    long from = scanned.isPresent() ? Math.max(first, scanned.getAsLong() - overlap + 1) : first;
    long chunk = FIRST_CHUNK;
    long done = from - 1;
    for (int i = 0; i < CHUNKS_PER_PASS && from <= head; i++) {
      long to = Math.min(head, from + chunk - 1);
      List<DepositLog> logs;
      try {
        logs = chain.depositLogs(contract, from, to);
      } catch (ChainException e) {
        if (chunk <= SMALLEST_CHUNK) {
          throw e;
        }
        chunk = Math.max(SMALLEST_CHUNK, chunk / 4);
        continue;
      }
      match(logs, deposits, changes);
      await(changes.scanned(network.chainId(), contract, to));
      done = to;
      from = to + 1;
    }
    return new Progress(Math.max(done, scanned.orElse(-1)), head);
  }

  private void match(List<DepositLog> logs, PgDeposits deposits, PgDepositChanges changes) {
    if (logs.isEmpty()) {
      return;
    }
    List<byte[]> pubkeys = new ArrayList<>(logs.size());
    logs.forEach(log -> pubkeys.add(log.pubkey()));
    Map<String, Long> ours = await(deposits.keysByPubkey(pubkeys, network.chainId()));
    for (DepositLog log : logs) {
      Long keyId = ours.get(HexFormat.of().formatHex(log.pubkey()));
      if (keyId != null) {
        await(changes.foundOnChain(keyId, log));
      }
    }
  }
}
