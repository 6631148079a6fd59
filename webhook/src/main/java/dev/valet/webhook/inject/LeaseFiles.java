package dev.valet.webhook.inject;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.webhook.ValetLabels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lays a lease out as Secret files, the pod's volume, and the annotations that name its keys. */
public final class LeaseFiles {
  public static final String PASSWORD = "password.txt";
  public static final String KEYSTORE = "keystore.json";
  public static final String PUBKEY = "pubkey";
  public static final String PUBKEYS = "pubkeys";
  public static final String SLASHING_PROTECTION = "slashing-protection.json";

  private LeaseFiles() {}

  /**
   * The Secret for {@code lease}, whose keystores all open with {@code password}, with the
   * slashing-protection watermark at the lease's allocation on {@code network}. It is the same
   * whatever layout the pod asked for: a layout only projects it (see {@link #volume}).
   */
  public static LeaseSecret secret(Lease lease, String password, Network network) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put(PASSWORD, utf8(password));
    data.put(PUBKEYS, utf8(pubkeyLines(lease)));
    List<String> pubkeys = lease.keys().stream().map(LeasedKey::pubkey).toList();
    data.put(
        SLASHING_PROTECTION,
        utf8(
            SlashingProtection.interchange(network, pubkeys, lease.createdAt().toInstant())
                .encodePrettily()));
    for (LeasedKey key : lease.keys()) {
      data.put(keystoreFile(lease, key), utf8(key.keystoreJson()));
    }
    if (lease.keys().size() == 1) {
      data.put(PUBKEY, utf8(lease.keys().getFirst().pubkey() + "\n"));
    }
    return new LeaseSecret(
        lease.pod().namespace(),
        lease.secretName(),
        Map.of(ValetLabels.LEASE, lease.id().toString(), ValetLabels.POOL, lease.pool()),
        data);
  }

  /** The Secret's key for one of the lease's keystores. */
  public static String keystoreFile(Lease lease, LeasedKey key) {
    return lease.keys().size() == 1 ? KEYSTORE : "keystore-" + key.position() + ".json";
  }

  /**
   * The pod volume that mounts the lease's Secret, files readable by their owner only, its keys
   * projected to the paths of {@code layout}.
   */
  public static JsonObject volume(Lease lease, Layout layout) {
    JsonObject secret =
        new JsonObject().put("secretName", lease.secretName()).put("defaultMode", 0400);
    List<KeyToPath> items = layout.items(lease);
    if (!items.isEmpty()) {
      secret.put("items", new JsonArray(items.stream().map(KeyToPath::toJson).toList()));
    }
    return new JsonObject().put("name", ValetLabels.VOLUME).put("secret", secret);
  }

  /**
   * The annotations that tell the pod (and people) which keys it holds.
   *
   * @param podAnnotations the annotations the pod brings, which share Kubernetes' size limit
   */
  public static Map<String, String> annotations(Lease lease, Map<String, String> podAnnotations) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (lease.keys().size() == 1) {
      annotations.put(ValetLabels.PUBKEY, lease.keys().getFirst().pubkey());
    }
    List<String> pubkeys = lease.keys().stream().map(LeasedKey::pubkey).toList();
    annotations.put(
        ValetLabels.PUBKEYS, PubkeysAnnotation.value(pubkeys, podAnnotations, annotations));
    return annotations;
  }

  private static String pubkeyLines(Lease lease) {
    StringBuilder lines = new StringBuilder();
    lease.keys().forEach(key -> lines.append(key.pubkey()).append('\n'));
    return lines.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
