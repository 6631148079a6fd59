package dev.valet.webhook;

import java.util.Set;

/** The labels and annotations Valet reads and writes, in one place. */
public final class ValetLabels {
  public static final String PREFIX = "valet.dev/";

  /** Namespace label: opts the namespace in and names its pool. */
  public static final String POOL = PREFIX + "pool";

  /** Pod label: the pod is a validator and wants keys; its value must be "true". */
  public static final String VALIDATOR = PREFIX + "validator";

  /** Pod and Secret label written by Valet: the lease id. */
  public static final String LEASE = PREFIX + "lease";

  /** Pod annotation written by Valet: the public key of a one-key lease. */
  public static final String PUBKEY = PREFIX + "pubkey";

  /** Pod annotation written by Valet: the public keys of the lease, comma-separated. */
  public static final String PUBKEYS = PREFIX + "pubkeys";

  /** Pod annotation a pod may bring: how many keys it wants. */
  public static final String KEYS = PREFIX + "keys";

  /** Pod annotation a pod may bring: the containers that get the mount, comma-separated. */
  public static final String CONTAINERS = PREFIX + "containers";

  /**
   * Pod annotation a pod may bring: the init containers that also get the mount, comma-separated,
   * for an init container that imports the keys into a validator client's own data directory.
   */
  public static final String INIT_CONTAINERS = PREFIX + "init-containers";

  /** Pod annotation a pod may bring: where the keys are mounted. */
  public static final String MOUNT_PATH = PREFIX + "mount-path";

  /** Pod annotation a pod may bring: the file layout of the keys. */
  public static final String LAYOUT = PREFIX + "layout";

  /** The annotations a pod may set itself; any other {@code valet.dev/} annotation is refused. */
  public static final Set<String> POD_MAY_SET =
      Set.of(KEYS, CONTAINERS, INIT_CONTAINERS, MOUNT_PATH, LAYOUT);

  /** The name of the volume Valet adds. */
  public static final String VOLUME = "valet-keys";

  public static final String DEFAULT_MOUNT_PATH = "/var/run/valet";

  private ValetLabels() {}
}
