package dev.valet.webhook.inject;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.pool.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * How many keys fit in one lease Secret. Kubernetes refuses a Secret whose data passes 1 MiB; Valet
 * counts the data as it travels to the API server, base64 in JSON, with its names, so the stored
 * object keeps room for its metadata. Every layout projects the same Secret, so no layout adds to
 * it.
 *
 * <p>The keystore sizes were measured on keystores this Valet writes with each KDF's parameters and
 * the longest EIP-2334 path (a 10-digit index); a test keeps them true.
 */
public final class SecretSizeLimit {
  /** Kubernetes' MaxSecretSize. */
  public static final int KUBERNETES_LIMIT = 1024 * 1024;

  /** An EIP-2335 keystore under scrypt n=2^18, r=8, p=1, as written by Valet. */
  static final int SCRYPT_KEYSTORE_BYTES = 885;

  /** An EIP-2335 keystore under PBKDF2 c=2^18, as written by Valet. */
  static final int PBKDF2_KEYSTORE_BYTES = 883;

  /** A pool password: 32 random bytes in hex. */
  static final int POOL_PASSWORD_BYTES = 64;

  /** A line of the {@code pubkeys} file: {@code 0x}, 96 hex digits, a newline. */
  static final int PUBKEY_LINE_BYTES = 99;

  /** Quotes, colon and comma around each name and value in the JSON of a Secret's data. */
  private static final int JSON_ENTRY_BYTES = 6;

  /** A time past any watermark a pool will write, so the interchange file is sized from above. */
  private static final Instant FAR_FUTURE = Instant.parse("2999-12-31T23:59:59Z");

  private static final String PLACEHOLDER_PUBKEY = "0x" + "0".repeat(96);

  private SecretSizeLimit() {}

  /** The most keys one pod of {@code pool} can hold in its Secret. */
  public static int maxKeysPerPod(PoolSettings pool) {
    int low = 0;
    int high = PoolSettings.KEYS_PER_POD_LIMIT;
    while (low < high) {
      int middle = (low + high + 1) / 2;
      if (secretBytes(pool, middle) <= KUBERNETES_LIMIT) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /** The bytes of the data of a Secret with {@code keys} of {@code pool}'s keys, base64 in JSON. */
  public static long secretBytes(PoolSettings pool, int keys) {
    long total = entry(LeaseFiles.PASSWORD, POOL_PASSWORD_BYTES);
    total += entry(LeaseFiles.PUBKEYS, (long) keys * PUBKEY_LINE_BYTES);
    total += entry(LeaseFiles.SLASHING_PROTECTION, interchangeBytes(pool.network(), keys));
    if (keys == 1) {
      total += entry(LeaseFiles.KEYSTORE, keystoreBytes(pool.kdf()));
      total += entry(LeaseFiles.PUBKEY, PUBKEY_LINE_BYTES);
      return total;
    }
    for (int position = 0; position < keys; position++) {
      total += entry("keystore-" + position + ".json", keystoreBytes(pool.kdf()));
    }
    return total;
  }

  static int keystoreBytes(PoolSettings.Kdf kdf) {
    return switch (kdf) {
      case SCRYPT -> SCRYPT_KEYSTORE_BYTES;
      case PBKDF2 -> PBKDF2_KEYSTORE_BYTES;
    };
  }

  /**
   * The interchange file's size: every entry has the same size (same pubkey length, same
   * watermark), so two files measure them all.
   */
  private static long interchangeBytes(Network network, int keys) {
    if (keys <= 1) {
      return interchangeFileBytes(network, keys);
    }
    long one = interchangeFileBytes(network, 1);
    long entry = interchangeFileBytes(network, 2) - one;
    return one + (keys - 1) * entry;
  }

  private static long interchangeFileBytes(Network network, int keys) {
    List<String> pubkeys = Collections.nCopies(keys, PLACEHOLDER_PUBKEY);
    return SlashingProtection.interchange(network, pubkeys, FAR_FUTURE)
        .encodePrettily()
        .getBytes(StandardCharsets.UTF_8)
        .length;
  }

  private static long entry(String name, long valueBytes) {
    return name.length() + base64Length(valueBytes) + JSON_ENTRY_BYTES;
  }

  private static long base64Length(long bytes) {
    return (bytes + 2) / 3 * 4;
  }
}
