package dev.valet.allocator.deposit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Ethereum network as a pool's deposits see it: where deposits go (chain id and deposit
 * contract) and what their signatures commit to (the genesis fork version), with the genesis facts
 * and slot timing of its beacon chain.
 *
 * <p>The presets carry the published values of each network; {@link CustomNetwork} validates a
 * devnet's values from configuration.
 *
 * @param name the network's name, written as {@code network_name} in deposit data files
 * @param chainId the EIP-155 chain id of its execution layer (DEPOSIT_CHAIN_ID)
 * @param depositContractAddress the deposit contract (DEPOSIT_CONTRACT_ADDRESS)
 * @param genesisForkVersion GENESIS_FORK_VERSION, which deposit signatures commit to
 * @param genesisTime the beacon chain's genesis time, in Unix seconds
 * @param genesisValidatorsRoot the beacon chain's genesis validators root
 * @param secondsPerSlot SECONDS_PER_SLOT
 * @param slotsPerEpoch SLOTS_PER_EPOCH
 */
public record Network(
    String name,
    long chainId,
    ExecutionAddress depositContractAddress,
    ForkVersion genesisForkVersion,
    long genesisTime,
    Bytes32 genesisValidatorsRoot,
    int secondsPerSlot,
    int slotsPerEpoch) {

  /** The names network configurations use (CONFIG_NAME: lower-case letters, digits, '-'). */
  static final Pattern NAME = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");

  /*
   * Preset values, each checked against eth-clients/<network> metadata/config.yaml and README.md
   * (chain id, contract, fork version, genesis time, genesis validators root) and against
   * ethstaker/ethstaker-deposit-cli ethstaker_deposit/settings.py (fork version, genesis
   * validators root). SECONDS_PER_SLOT 12 from each config.yaml; SLOTS_PER_EPOCH 32 from the
   * mainnet preset (consensus-specs presets/mainnet/phase0.yaml), which all four extend.
   */

  /** Ethereum mainnet. */
  public static final Network MAINNET =
      published(
          "mainnet",
          1,
          "0x00000000219ab540356cBB839Cbe05303d7705Fa",
          "0x00000000",
          1606824023L,
          "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");

  /** Sepolia, the application testnet; its validator set is permissioned. */
  public static final Network SEPOLIA =
      published(
          "sepolia",
          11155111,
          "0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D",
          "0x90000069",
          1655733600L,
          "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078");

  /** Holesky, the staking testnet launched in 2023. */
  public static final Network HOLESKY =
      published(
          "holesky",
          17000,
          "0x4242424242424242424242424242424242424242",
          "0x01017000",
          1695902400L,
          "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1");

  /** Hoodi, the staking testnet launched in 2025. */
  public static final Network HOODI =
      published(
          "hoodi",
          560048,
          "0x00000000219ab540356cBB839Cbe05303d7705Fa",
          "0x10000910",
          1742213400L,
          "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f");

  private static final List<Network> PRESETS = List.of(MAINNET, SEPOLIA, HOLESKY, HOODI);

  /**
   * @throws IllegalArgumentException if the name is not a network name, or a number is not positive
   */
  public Network {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(depositContractAddress, "depositContractAddress");
    Objects.requireNonNull(genesisForkVersion, "genesisForkVersion");
    Objects.requireNonNull(genesisValidatorsRoot, "genesisValidatorsRoot");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a network name uses 1-63 lower-case letters, digits and '-', such as my-devnet");
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException("a chain id must be positive, was " + chainId);
    }
    if (genesisTime < 0) {
      throw new IllegalArgumentException("a genesis time must not be negative");
    }
    if (secondsPerSlot <= 0) {
      throw new IllegalArgumentException("seconds per slot must be positive");
    }
    if (slotsPerEpoch <= 0) {
      throw new IllegalArgumentException("slots per epoch must be positive");
    }
  }

  /** The four public networks Valet knows: mainnet, sepolia, holesky and hoodi. */
  public static List<Network> presets() {
    return PRESETS;
  }

  /** The preset of this name, if there is one. */
  public static Optional<Network> preset(String name) {
    Objects.requireNonNull(name, "name");
    return PRESETS.stream().filter(network -> network.name.equals(name)).findFirst();
  }

  /** Whether this is one of the presets, rather than a custom devnet. */
  public boolean isPreset() {
    return PRESETS.contains(this);
  }

  /** The deposit signing domain of this network. */
  public Bytes32 depositDomain() {
    return SigningRoots.depositDomain(genesisForkVersion);
  }

  public Duration slotDuration() {
    return Duration.ofSeconds(secondsPerSlot);
  }

  private static Network published(
      String name,
      long chainId,
      String depositContract,
      String genesisForkVersion,
      long genesisTime,
      String genesisValidatorsRoot) {
    return new Network(
        name,
        chainId,
        ExecutionAddress.fromHex(depositContract, name + " deposit contract"),
        ForkVersion.fromHex(genesisForkVersion, name + " genesis fork version"),
        genesisTime,
        Bytes32.fromHex(genesisValidatorsRoot, name + " genesis validators root"),
        12,
        32);
  }
}
