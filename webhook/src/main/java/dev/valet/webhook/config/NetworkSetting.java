package dev.valet.webhook.config;

import dev.valet.allocator.deposit.CustomNetwork;
import dev.valet.allocator.deposit.Network;
import java.util.stream.Collectors;

/**
 * A pool's {@code network}: the name of a preset (mainnet, sepolia, holesky, hoodi), or a mapping
 * with every value of a custom network for a devnet. There is no default: a pool on the wrong
 * network signs deposits that burn their Ether.
 */
final class NetworkSetting {
  private NetworkSetting() {}

  static Network read(Section pool) {
    String setting = pool.name("network");
    if (pool.isSection("network")) {
      Section custom = pool.section("network").orElseThrow();
      CustomNetwork network =
          new CustomNetwork(
              custom.string("name").orElse(null),
              custom.wholeNumber("chainId", 0),
              custom.string("depositContractAddress").orElse(null),
              custom.string("genesisForkVersion").orElse(null),
              custom.wholeNumber("genesisTime", -1),
              custom.string("genesisValidatorsRoot").orElse(null),
              custom.integer("secondsPerSlot", 12),
              custom.integer("slotsPerEpoch", 32));
      custom.finish();
      return network.toNetwork(setting);
    }
    String name =
        pool.string("network")
            .orElseThrow(() -> new ConfigException(setting + " is required: " + choices()));
    return Network.preset(name)
        .orElseThrow(
            () -> new ConfigException(setting + " '" + name + "' is not a preset: " + choices()));
  }

  static String choices() {
    return "name a preset ("
        + Network.presets().stream().map(Network::name).collect(Collectors.joining(", "))
        + ") or give a custom network's name, chainId, depositContractAddress,"
        + " genesisForkVersion, genesisTime, genesisValidatorsRoot, secondsPerSlot and"
        + " slotsPerEpoch";
  }
}
