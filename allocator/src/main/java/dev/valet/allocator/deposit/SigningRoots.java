package dev.valet.allocator.deposit;

import java.util.Objects;

/**
 * Domains and signing roots as the consensus specs define them (phase0/beacon-chain.md, "Helper
 * functions": compute_fork_data_root, compute_domain, compute_signing_root).
 *
 * <p>A deposit is signed under {@code compute_domain(DOMAIN_DEPOSIT)}: the network's genesis fork
 * version and a zero genesis validators root, so that a deposit made before genesis stays valid and
 * a deposit made for one network does not verify on another (phase0/beacon-chain.md, "Deposits";
 * phase0/validator.md, "Submit deposit").
 */
public final class SigningRoots {

  /** DOMAIN_DEPOSIT, the domain type of deposits (phase0/beacon-chain.md, "Domain types"). */
  private static final byte[] DOMAIN_DEPOSIT = {0x03, 0x00, 0x00, 0x00};

  private static final int DOMAIN_TYPE_LENGTH = 4;

  private SigningRoots() {}

  /** hash_tree_root(ForkData(current_version, genesis_validators_root)). */
  public static Bytes32 forkDataRoot(ForkVersion currentVersion, Bytes32 genesisValidatorsRoot) {
    Objects.requireNonNull(currentVersion, "currentVersion");
    Objects.requireNonNull(genesisValidatorsRoot, "genesisValidatorsRoot");
    return Bytes32.wrap(
        Ssz.containerRoot(
            Ssz.vectorRoot(currentVersion.bytes()), Ssz.vectorRoot(genesisValidatorsRoot.bytes())));
  }

  /**
   * compute_domain: the 4-byte domain type followed by the first 28 bytes of the fork data root.
   */
  public static Bytes32 computeDomain(
      byte[] domainType, ForkVersion forkVersion, Bytes32 genesisValidatorsRoot) {
    Objects.requireNonNull(domainType, "domainType");
    if (domainType.length != DOMAIN_TYPE_LENGTH) {
      throw new IllegalArgumentException("a domain type is 4 bytes, not " + domainType.length);
    }
    byte[] forkDataRoot = forkDataRoot(forkVersion, genesisValidatorsRoot).bytes();
    byte[] domain = new byte[Bytes32.LENGTH];
    System.arraycopy(domainType, 0, domain, 0, DOMAIN_TYPE_LENGTH);
    System.arraycopy(
        forkDataRoot, 0, domain, DOMAIN_TYPE_LENGTH, Bytes32.LENGTH - DOMAIN_TYPE_LENGTH);
    return Bytes32.wrap(domain);
  }

  /** The domain deposits are signed under: DOMAIN_DEPOSIT, this fork version, a zero root. */
  public static Bytes32 depositDomain(ForkVersion genesisForkVersion) {
    return computeDomain(DOMAIN_DEPOSIT, genesisForkVersion, Bytes32.ZERO);
  }

  /** compute_signing_root: hash_tree_root(SigningData(object_root, domain)). */
  public static Bytes32 signingRoot(Bytes32 objectRoot, Bytes32 domain) {
    Objects.requireNonNull(objectRoot, "objectRoot");
    Objects.requireNonNull(domain, "domain");
    return Bytes32.wrap(Ssz.containerRoot(objectRoot.bytes(), domain.bytes()));
  }
}
