package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SigningRootsTest {

  // ethereum/staking-deposit-cli tests/test_utils/test_ssz.py: fork version 0x12121212.
  private static final ForkVersion CLI_FORK_VERSION = ForkVersion.fromBytes(filled(4, 0x12));

  @Test
  void forkDataRootMatchesTheDepositCliVector() {
    Bytes32 root = SigningRoots.forkDataRoot(CLI_FORK_VERSION, Bytes32.ZERO);

    assertThat(root.toUnprefixedHex())
        .isEqualTo("0d66608af557f4fadbfce248ac37f6e7639ce371100c43d15aad05cb08ac1dc2");
  }

  @Test
  void depositDomainMatchesTheDepositCliVector() {
    assertThat(SigningRoots.depositDomain(CLI_FORK_VERSION).toUnprefixedHex())
        .isEqualTo("030000000d66608af557f4fadbfce248ac37f6e7639ce371100c43d15aad05cb");
  }

  @Test
  void depositMessageSigningRootMatchesTheDepositCliVector() {
    // DepositMessage(pubkey=0x12*48, withdrawal_credentials=0x12*32, amount=100) under the
    // domain 0x12*32. The pubkey is not a curve point, so the container is merkleized directly.
    byte[] messageRoot =
        Ssz.containerRoot(
            Ssz.vectorRoot(filled(48, 0x12)),
            Ssz.vectorRoot(filled(32, 0x12)),
            Ssz.uint64Root(100));

    Bytes32 signingRoot =
        SigningRoots.signingRoot(Bytes32.wrap(messageRoot), Bytes32.fromBytes(filled(32, 0x12)));

    assertThat(signingRoot.toUnprefixedHex())
        .isEqualTo("67a3330ff87bdb46bb7b80ca7a641e398d6ac4e87a6856527cacc829fb61896f");
  }

  @Test
  void mainnetDepositDomainIsThePublishedOne() {
    // The deposit domain of mainnet, as the deposit libraries of staking contracts pin it, and
    // whose first bytes after the domain type are mainnet's pre-genesis fork digest 0xf5a5fd42
    // (eth-clients/mainnet README.md).
    assertThat(Network.MAINNET.depositDomain().toUnprefixedHex())
        .isEqualTo("03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9");
  }

  @Test
  void sepoliaForkDataRootStartsWithItsPreGenesisForkDigest() {
    // eth-clients/sepolia README.md: "0xd3010778 pre-genesis fork digest".
    Bytes32 root = SigningRoots.forkDataRoot(Network.SEPOLIA.genesisForkVersion(), Bytes32.ZERO);

    assertThat(Arrays.copyOf(root.toBytes(), 4)).containsExactly(0xd3, 0x01, 0x07, 0x78);
  }

  @Test
  void mainnetForkDigestUsesTheGenesisValidatorsRoot() {
    // eth-clients/mainnet README.md: genesis_fork_digest 0xb5303f2a.
    Bytes32 root =
        SigningRoots.forkDataRoot(
            Network.MAINNET.genesisForkVersion(), Network.MAINNET.genesisValidatorsRoot());

    assertThat(root.toUnprefixedHex()).startsWith("b5303f2a");
  }

  @Test
  void domainTypeMustBeFourBytes() {
    assertThatThrownBy(
            () -> SigningRoots.computeDomain(new byte[3], CLI_FORK_VERSION, Bytes32.ZERO))
        .hasMessage("a domain type is 4 bytes, not 3");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
