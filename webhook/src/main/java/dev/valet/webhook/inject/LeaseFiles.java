package dev.valet.webhook.inject;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.webhook.ValetLabels;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
   * slashing-protection watermark at the lease's allocation on {@code network}.
   */
  public static LeaseSecret secret(Lease lease, String password, Network network, Layout layout) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put(PASSWORD, utf8(password));
    data.put(PUBKEYS, utf8(pubkeyLines(lease)));
    List<String> pubkeys = lease.keys().stream().map(LeasedKey::pubkey).toList();
    data.put(
        SLASHING_PROTECTION,
        utf8(
            SlashingProtection.interchange(network, pubkeys, lease.createdAt().toInstant())
                .encodePrettily()));
    if (lease.keys().size() == 1) {
      LeasedKey key = lease.keys().getFirst();
      data.put(KEYSTORE, utf8(key.keystoreJson()));
      data.put(PUBKEY, utf8(key.pubkey() + "\n"));
    } else {
      for (LeasedKey key : lease.keys()) {
        data.put("keystore-" + key.position() + ".json", utf8(key.keystoreJson()));
      }
    }
    return new LeaseSecret(
        lease.pod().namespace(),
        lease.secretName(),
        Map.of(ValetLabels.LEASE, lease.id().toString(), ValetLabels.POOL, lease.pool()),
        data);
  }

  /** The pod volume that mounts the lease's Secret, files readable by their owner only. */
  public static JsonObject volume(Lease lease, Layout layout) {
    JsonObject secret =
        new JsonObject().put("secretName", lease.secretName()).put("defaultMode", 0400);
    return new JsonObject().put("name", ValetLabels.VOLUME).put("secret", secret);
  }

  /** The annotations that tell the pod (and people) which keys it holds. */
  public static Map<String, String> annotations(Lease lease) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (lease.keys().size() == 1) {
      annotations.put(ValetLabels.PUBKEY, lease.keys().getFirst().pubkey());
    }
    annotations.put(
        ValetLabels.PUBKEYS,
        lease.keys().stream().map(LeasedKey::pubkey).collect(Collectors.joining(",")));
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
