package dev.valet.webhook.inject;

import dev.valet.allocator.deposit.Network;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The EIP-3076 slashing-protection interchange (format version 5) handed over with a lease. It
 * records, for every key, a block at the slot of the allocation and an attestation with source and
 * target at its epoch, so a validator client that imports it refuses to sign anything at or before
 * the moment the key changed hands. The quarantine before a key is reused makes sure its previous
 * holder signed nothing later than that.
 */
public final class SlashingProtection {
  public static final String INTERCHANGE_FORMAT_VERSION = "5";

  private SlashingProtection() {}

  /** The slot at {@code time}: 0 before genesis. */
  public static long slotAt(Network network, Instant time) {
    long sinceGenesis = time.getEpochSecond() - network.genesisTime();
    return sinceGenesis <= 0 ? 0 : sinceGenesis / network.secondsPerSlot();
  }

  public static long epochOf(Network network, long slot) {
    return slot / network.slotsPerEpoch();
  }

  /** The interchange for {@code pubkeys}, with the watermark at {@code allocatedAt}. */
  public static JsonObject interchange(Network network, List<String> pubkeys, Instant allocatedAt) {
    long slot = slotAt(network, allocatedAt);
    String epoch = Long.toString(epochOf(network, slot));
    JsonArray data = new JsonArray();
    for (String pubkey : pubkeys) {
      data.add(
          new JsonObject()
              .put("pubkey", pubkey)
              .put(
                  "signed_blocks",
                  new JsonArray().add(new JsonObject().put("slot", Long.toString(slot))))
              .put(
                  "signed_attestations",
                  new JsonArray()
                      .add(
                          new JsonObject().put("source_epoch", epoch).put("target_epoch", epoch))));
    }
    JsonObject metadata =
        new JsonObject()
            .put("interchange_format_version", INTERCHANGE_FORMAT_VERSION)
            .put("genesis_validators_root", network.genesisValidatorsRoot().toHex());
    return new JsonObject().put("metadata", metadata).put("data", data);
  }
}
