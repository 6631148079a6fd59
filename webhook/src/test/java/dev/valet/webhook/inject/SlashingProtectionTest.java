package dev.valet.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.Network;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlashingProtectionTest {
  private static final Network NETWORK = Network.HOODI;
  private static final Instant GENESIS = Instant.ofEpochSecond(NETWORK.genesisTime());

  @Test
  void theSlotCountsWholeSlotsSinceGenesis() {
    assertThat(SlashingProtection.slotAt(NETWORK, GENESIS.minusSeconds(100))).isZero();
    assertThat(SlashingProtection.slotAt(NETWORK, GENESIS)).isZero();
    assertThat(SlashingProtection.slotAt(NETWORK, GENESIS.plusSeconds(11))).isZero();
    assertThat(SlashingProtection.slotAt(NETWORK, GENESIS.plusSeconds(12))).isEqualTo(1);
    assertThat(SlashingProtection.slotAt(NETWORK, GENESIS.plusSeconds(12 * 32 * 10 + 5)))
        .isEqualTo(320);
    assertThat(SlashingProtection.epochOf(NETWORK, 320)).isEqualTo(10);
    assertThat(SlashingProtection.epochOf(NETWORK, 319)).isEqualTo(9);
  }

  @Test
  void theInterchangeIsFormatFiveWithAWatermarkPerKeyAtTheAllocation() {
    Instant allocated = GENESIS.plusSeconds(12 * 1_000_003L + 7);
    List<String> pubkeys = List.of("0x" + "a".repeat(96), "0x" + "b".repeat(96));

    JsonObject interchange = SlashingProtection.interchange(NETWORK, pubkeys, allocated);

    JsonObject metadata = interchange.getJsonObject("metadata");
    assertThat(metadata.getString("interchange_format_version")).isEqualTo("5");
    assertThat(metadata.getString("genesis_validators_root"))
        .isEqualTo(NETWORK.genesisValidatorsRoot().toHex())
        .matches("0x[0-9a-f]{64}");
    JsonArray data = interchange.getJsonArray("data");
    assertThat(data).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonObject entry = data.getJsonObject(i);
      assertThat(entry.getString("pubkey")).isEqualTo(pubkeys.get(i));
      assertThat(entry.getJsonArray("signed_blocks").getJsonObject(0).getString("slot"))
          .isEqualTo("1000003");
      JsonObject attestation = entry.getJsonArray("signed_attestations").getJsonObject(0);
      assertThat(attestation.getString("source_epoch")).isEqualTo(Long.toString(1_000_003L / 32));
      assertThat(attestation.getString("target_epoch")).isEqualTo(Long.toString(1_000_003L / 32));
    }
  }
}
