package dev.valet.allocator.pool;

import dev.valet.allocator.deposit.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator decides about one pool of keys.
 *
 * @param name the pool's name, also the value of the {@code valet.dev/pool} namespace label
 * @param maxKeys how many keys the pool may hold in all; no key is created past it
 * @param maxNewKeysPerHour how many keys may be created in any hour
 * @param maxKeysPerPod the most keys one pod may ask for
 * @param quarantine how long a released key stays idle before it is handed out again
 * @param kdf the key derivation function of new keystores
 * @param mnemonicFile a file with BIP-39 words to derive keys from; random keys without one
 * @param network the chain the pool's validators serve: its genesis and slot timing date the
 *     slashing-protection watermark, and its fork version signs deposits
 * @param deposits how the pool funds the keys it creates
 */
public record PoolSettings(
    String name,
    int maxKeys,
    int maxNewKeysPerHour,
    int maxKeysPerPod,
    Duration quarantine,
    Kdf kdf,
    Optional<Path> mnemonicFile,
    Network network,
    DepositSettings deposits) {

  /** The key derivation functions of EIP-2335. */
  public enum Kdf {
    SCRYPT,
    PBKDF2
  }

  /** The most keys one pod may ask for, whatever the pool says. */
  public static final int KEYS_PER_POD_LIMIT = 1000;

  public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(768);

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public PoolSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(quarantine, "quarantine");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(mnemonicFile, "mnemonicFile");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(deposits, "deposits");
    String where = "pools." + name;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "pool name '"
              + name
              + "' is not allowed: use 1-63 lower-case letters, digits and '-', starting and"
              + " ending with a letter or digit (it is a label value)");
    }
    if (maxKeys < 0) {
      throw new IllegalArgumentException(where + ".maxKeys must be 0 or more, was " + maxKeys);
    }
    if (maxNewKeysPerHour < 0) {
      throw new IllegalArgumentException(
          where + ".maxNewKeysPerHour must be 0 or more, was " + maxNewKeysPerHour);
    }
    if (maxKeysPerPod < 1 || maxKeysPerPod > KEYS_PER_POD_LIMIT) {
      throw new IllegalArgumentException(
          where
              + ".maxKeysPerPod must be between 1 and "
              + KEYS_PER_POD_LIMIT
              + ", was "
              + maxKeysPerPod);
    }
    if (quarantine.isNegative()) {
      throw new IllegalArgumentException(where + ".quarantine must not be negative");
    }
    deposits.validate(where);
  }

  /**
   * A pool with the defaults: 100 keys, 20 new keys an hour, up to 200 per pod, scrypt, on the
   * hoodi test network, deposits off. A configuration file must always name the network.
   */
  public static PoolSettings defaults(String name) {
    return new PoolSettings(
        name,
        100,
        20,
        200,
        DEFAULT_QUARANTINE,
        Kdf.SCRYPT,
        Optional.empty(),
        Network.HOODI,
        DepositSettings.off());
  }

  public PoolSettings withNetwork(Network network) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        mnemonicFile,
        network,
        deposits);
  }

  public PoolSettings withMaxKeys(int maxKeys) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        mnemonicFile,
        network,
        deposits);
  }

  public PoolSettings withMaxNewKeysPerHour(int perHour) {
    return new PoolSettings(
        name, maxKeys, perHour, maxKeysPerPod, quarantine, kdf, mnemonicFile, network, deposits);
  }

  public PoolSettings withMaxKeysPerPod(int perPod) {
    return new PoolSettings(
        name, maxKeys, maxNewKeysPerHour, perPod, quarantine, kdf, mnemonicFile, network, deposits);
  }

  public PoolSettings withQuarantine(Duration quarantine) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        mnemonicFile,
        network,
        deposits);
  }

  public PoolSettings withKdf(Kdf kdf) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        mnemonicFile,
        network,
        deposits);
  }

  public PoolSettings withMnemonicFile(Path file) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        Optional.of(file),
        network,
        deposits);
  }

  public PoolSettings withDeposits(DepositSettings deposits) {
    return new PoolSettings(
        name,
        maxKeys,
        maxNewKeysPerHour,
        maxKeysPerPod,
        quarantine,
        kdf,
        mnemonicFile,
        network,
        deposits);
  }
}
