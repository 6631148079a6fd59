package dev.valet.webhook.deposit;

import dev.valet.allocator.deposit.chain.Web3jExecutionChain;
import dev.valet.allocator.deposit.send.PoolDepositSender;
import dev.valet.allocator.deposit.send.SenderSeams;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * Runs the deposit senders of the pools in {@code auto} mode on a thread of their own, one pass
 * every few seconds, while this replica leads (the lease reconciler's election); the admission path
 * never waits for it. Funding keystores are opened once, at start.
 */
public final class DepositService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DepositService.class);

  /** The pause between two passes. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  private final List<PoolDepositSender> senders;
  private final List<Web3jExecutionChain> nodes;
  private final ScheduledExecutorService thread;

  private DepositService(
      List<PoolDepositSender> senders,
      List<Web3jExecutionChain> nodes,
      ScheduledExecutorService thread) {
    this.senders = senders;
    this.nodes = nodes;
    this.thread = thread;
  }

  /**
   * Opens the funding accounts of the auto pools and starts passing; none when no pool is in auto
   * mode.
   *
   * @param leading whether this replica leads; passes and broadcasts check it
   * @throws dev.valet.webhook.config.ConfigException if a funding account cannot be opened
   */
  public static DepositService start(
      Pool db, List<PoolSettings> pools, BooleanSupplier leading, SenderSeams seams) {
    Map<URI, Web3jExecutionChain> nodes = new LinkedHashMap<>();
    List<PoolDepositSender> senders = new ArrayList<>();
    try {
      for (PoolSettings pool : pools) {
        if (pool.deposits().mode() != DepositMode.AUTO) {
          continue;
        }
        Credentials funding =
            FundingKeystore.open(pool.name(), pool.deposits().funding().orElseThrow());
        URI url = pool.deposits().executionRpcUrl().orElseThrow();
        Web3jExecutionChain node = nodes.computeIfAbsent(url, Web3jExecutionChain::connect);
        senders.add(
            new PoolDepositSender(pool, node, funding, db, Clock.systemUTC(), seams, leading));
        LOG.info(
            "Pool {} deposits automatically from {} through {}",
            pool.name(),
            funding.getAddress(),
            node);
      }
    } catch (RuntimeException e) {
      nodes.values().forEach(Web3jExecutionChain::close);
      throw e;
    }
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread named = new Thread(runnable, "valet-deposits");
              named.setDaemon(true);
              return named;
            });
    DepositService service = new DepositService(senders, new ArrayList<>(nodes.values()), thread);
    if (!senders.isEmpty()) {
      thread.scheduleWithFixedDelay(
          service::pass, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
    return service;
  }

  /** One pass over every auto pool; a pool's failure leaves the others going. */
  private void pass() {
    for (PoolDepositSender sender : senders) {
      try {
        sender.runOnce();
      } catch (RuntimeException e) {
        LOG.warn(
            "Deposit pass for pool {} stopped: {}; the next pass starts over from what is recorded",
            sender.poolName(),
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.forEach(Web3jExecutionChain::close);
  }
}
