package dev.valet.allocator.deposit;

import java.util.Objects;

/**
 * A devnet's values as configuration gives them, before validation. {@link #toNetwork(String)}
 * checks each one and names the setting that is wrong.
 *
 * @param name the network's name, written as {@code network_name} in deposit data files
 * @param chainId the execution layer's chain id
 * @param depositContractAddress the deposit contract, EIP-55 checked when in mixed case
 * @param genesisForkVersion 4 bytes of hex
 * @param genesisTime Unix seconds
 * @param genesisValidatorsRoot 32 bytes of hex
 * @param secondsPerSlot SECONDS_PER_SLOT
 * @param slotsPerEpoch SLOTS_PER_EPOCH
 */
public record CustomNetwork(
    String name,
    long chainId,
    String depositContractAddress,
    String genesisForkVersion,
    long genesisTime,
    String genesisValidatorsRoot,
    int secondsPerSlot,
    int slotsPerEpoch) {

  /**
   * Validates the values.
   *
   * @param where the settings' prefix, such as "pools.devnet.network"; messages name the setting
   *     under it, such as "pools.devnet.network.genesisForkVersion"
   * @throws IllegalArgumentException naming the first setting that is missing or invalid
   */
  public Network toNetwork(String where) {
    Objects.requireNonNull(where, "where");
    String prefix = where + ".";

    if (name == null || !Network.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          prefix + "name must be 1-63 lower-case letters, digits and '-', such as my-devnet");
    }
    if (Network.preset(name).isPresent()) {
      throw new IllegalArgumentException(
          prefix
              + "name '"
              + name
              + "' is a preset network; choose the preset instead of custom values, or another"
              + " name for a devnet");
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException(
          prefix + "chainId must be a positive chain id such as 1337, was " + chainId);
    }
    ExecutionAddress contract =
        ExecutionAddress.fromHex(depositContractAddress, prefix + "depositContractAddress");
    ForkVersion forkVersion =
        ForkVersion.fromHex(genesisForkVersion, prefix + "genesisForkVersion");
    if (genesisTime < 0) {
      throw new IllegalArgumentException(
          prefix + "genesisTime must be Unix seconds, 0 or more, was " + genesisTime);
    }
    Bytes32 validatorsRoot =
        Bytes32.fromHex(genesisValidatorsRoot, prefix + "genesisValidatorsRoot");
    if (secondsPerSlot <= 0) {
      throw new IllegalArgumentException(
          prefix + "secondsPerSlot must be positive, such as 12, was " + secondsPerSlot);
    }
    if (slotsPerEpoch <= 0) {
      throw new IllegalArgumentException(
          prefix + "slotsPerEpoch must be positive, such as 32, was " + slotsPerEpoch);
    }

    return new Network(
        name,
        chainId,
        contract,
        forkVersion,
        genesisTime,
        validatorsRoot,
        secondsPerSlot,
        slotsPerEpoch);
  }
}
