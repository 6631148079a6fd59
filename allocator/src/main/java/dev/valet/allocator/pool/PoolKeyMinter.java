package dev.valet.allocator.pool;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.Eip2333;
import dev.valet.allocator.keys.Eip2334;
import dev.valet.allocator.keys.KeystoreKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Creates a pool's keys: derived from the pool's mnemonic seed at EIP-2334 path m/12381/3600/i/0/0,
 * or random without one. Each keystore is encrypted under the pool's keystore key, whose KDF
 * already ran, so a new key costs a derivation and an AES pass, not a KDF.
 *
 * <p>When the pool's deposits are on, each new key's deposit data is signed here, while the secret
 * is in hand, so that nothing later (the sender, an export) needs a secret key again.
 */
public final class PoolKeyMinter implements KeyMinter {
  private final KeystoreKey keystoreKey;
  private final Optional<byte[]> seed;
  private final SecureRandom random;
  private final DepositSettings deposits;
  private final Network network;

  /** A minter that signs no deposit data. */
  public PoolKeyMinter(KeystoreKey keystoreKey, Optional<byte[]> seed, SecureRandom random) {
    this(keystoreKey, seed, random, DepositSettings.off(), Network.HOODI);
  }

  /**
   * @param deposits the pool's deposit settings: keys get signed deposit data unless they are off
   * @param network the pool's network, whose fork version the deposit signatures commit to
   */
  public PoolKeyMinter(
      KeystoreKey keystoreKey,
      Optional<byte[]> seed,
      SecureRandom random,
      DepositSettings deposits,
      Network network) {
    this.keystoreKey = keystoreKey;
    this.seed = seed.map(byte[]::clone);
    this.random = random;
    this.deposits = deposits;
    this.network = network;
  }

  @Override
  public List<MintedKey> mint(long firstIndex, int count) {
    List<MintedKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(seed.isPresent() ? derived(firstIndex + i) : random());
    }
    return keys;
  }

  @Override
  public boolean derives() {
    return seed.isPresent();
  }

  @Override
  public MintedKey adopt(BlsSecretKey secret, String path, boolean toDeposit) {
    Optional<DepositData> deposit =
        toDeposit ? deposits.sign(secret, network) : Optional.<DepositData>empty();
    return new MintedKey(
        secret.publicKey().toBytes(),
        keystoreKey.encrypt(secret, path, random),
        path,
        OptionalLong.empty(),
        true,
        deposit);
  }

  private MintedKey derived(long index) {
    String path = Eip2334.validatorSigningPath(index);
    BlsSecretKey secret = Eip2333.derivePath(seed.orElseThrow(), path);
    return new MintedKey(
        secret.publicKey().toBytes(),
        keystoreKey.encrypt(secret, path, random),
        path,
        OptionalLong.of(index),
        false,
        deposits.sign(secret, network));
  }

  private MintedKey random() {
    BlsSecretKey secret = BlsSecretKey.random(random);
    return new MintedKey(
        secret.publicKey().toBytes(),
        keystoreKey.encrypt(secret, "", random),
        "",
        OptionalLong.empty(),
        false,
        deposits.sign(secret, network));
  }
}
