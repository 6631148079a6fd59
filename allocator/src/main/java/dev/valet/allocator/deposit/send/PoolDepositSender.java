package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.deposit.send.Blocking.await;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.chain.ChainException;
import dev.valet.allocator.deposit.chain.ExecutionChain;
import dev.valet.allocator.deposit.store.OpenDeposit;
import dev.valet.allocator.deposit.store.PgDepositChanges;
import dev.valet.allocator.deposit.store.PgDeposits;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.Credentials;

/**
 * Sends the deposits of one pool in {@code auto} mode and follows them to confirmation, one pass at
 * a time. Blocking: run passes on a thread of their own, never on an event loop.
 *
 * <p>Only the elected leader runs passes, and each pass holds a Postgres advisory lock on the
 * funding account (per chain) for its whole length, so that two replicas that both believe they
 * lead, or two pools sharing an account, never pick nonces side by side.
 */
public final class PoolDepositSender {
  /** The most pending deposits one pass sends. */
  static final int BATCH = 20;

  private final PoolSettings pool;
  private final ExecutionChain chain;
  private final TransactionSigner signer;
  private final Pool db;
  private final Clock clock;
  private final SenderSeams seams;
  private final BooleanSupplier leading;

  /**
   * @param funding the account that pays; its key never leaves web3j's credentials
   * @param leading whether this replica leads now; checked before each pass and each broadcast
   */
  public PoolDepositSender(
      PoolSettings pool,
      ExecutionChain chain,
      Credentials funding,
      Pool db,
      Clock clock,
      SenderSeams seams,
      BooleanSupplier leading) {
    this.pool = pool;
    this.chain = chain;
    this.signer = new TransactionSigner(funding);
    this.db = db;
    this.clock = clock;
    this.seams = seams;
    this.leading = leading;
  }

  public String poolName() {
    return pool.name();
  }

  /**
   * One pass: follows the pool's sent deposits, then sends its pending ones. Does nothing when this
   * replica does not lead or another holds the account.
   *
   * @throws ChainException if the node cannot be reached; the next pass starts over
   */
  public void runOnce() {
    if (!leading.getAsBoolean()) {
      return;
    }
    SqlConnection connection = await(db.getConnection());
    try {
      long lock = accountLock();
      if (!await(
              connection
                  .preparedQuery("SELECT pg_try_advisory_lock($1) AS taken")
                  .execute(Tuple.of(lock)))
          .iterator()
          .next()
          .getBoolean("taken")) {
        return;
      }
      try {
        run(new PgDeposits(connection), new PgDepositChanges(connection));
      } finally {
        await(connection.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(lock)));
      }
    } finally {
      connection.close();
    }
  }

  private void run(PgDeposits deposits, PgDepositChanges changes) {
    List<OpenDeposit> sent = await(deposits.sent(pool.name()));
    List<OpenDeposit> pending = await(deposits.pending(pool.name(), BATCH));
    if (sent.isEmpty() && pending.isEmpty()) {
      return;
    }
    Pass pass = new Pass(pool, chain, signer, deposits, changes, seams, leading, clock);

    String problem = chainProblem();
    if (problem != null) {
      sent.forEach(deposit -> pass.waiting(deposit, problem));
      pending.forEach(deposit -> pass.waiting(deposit, problem));
      return;
    }

    SentDepositFollower follower = new SentDepositFollower(pass);
    sent.forEach(follower::follow);

    if (pending.isEmpty()) {
      return;
    }
    DepositLogScanner.Progress progress =
        new DepositLogScanner(chain, pool.network(), pool.deposits().confirmations())
            .scan(deposits, changes);
    List<OpenDeposit> stillPending = await(deposits.pending(pool.name(), BATCH));
    if (!progress.caughtUp()) {
      String reason =
          "reading the deposit contract's logs for deposits made before: block "
              + progress.scannedTo()
              + " of "
              + progress.head();
      stillPending.forEach(deposit -> pass.waiting(deposit, reason));
      return;
    }
    PendingDepositSender sender = new PendingDepositSender(pass);
    for (OpenDeposit deposit : stillPending) {
      if (!leading.getAsBoolean()) {
        return;
      }
      sender.send(deposit);
    }
  }

  /** Why nothing can be sent through this node now, or null when it serves the pool's network. */
  private String chainProblem() {
    try {
      return networkProblem();
    } catch (ChainException e) {
      return e.getMessage();
    }
  }

  private String networkProblem() {
    Network network = pool.network();
    long chainId = chain.chainId();
    if (chainId != network.chainId()) {
      return "the execution node serves chain id "
          + chainId
          + ", not "
          + network.chainId()
          + " of network "
          + network.name()
          + "; nothing is sent through it. Point executionRpcUrl of pool "
          + pool.name()
          + " at a node of "
          + network.name();
    }
    if (!chain.hasCode(network.depositContractAddress())) {
      return "there is no contract at the deposit contract address "
          + network.depositContractAddress()
          + " on chain "
          + chainId
          + "; check the network's depositContractAddress";
    }
    return null;
  }

  /** The advisory lock key of the funding account on this chain. */
  private long accountLock() {
    String name = "valet:deposit-account:" + pool.network().chainId() + ":" + signer.address();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
