package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.BlsSignature;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DepositDataTest {

  // consensus-spec-tests bls/sign: the first of the spec's test private keys.
  private static final BlsSecretKey KEY =
      BlsSecretKey.fromBytes(
          HexFormat.of()
              .parseHex("263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3"));

  private static final WithdrawalCredentials CREDENTIALS =
      WithdrawalCredentials.executionAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

  @Test
  void signedDepositVerifiesUnderItsNetwork() {
    DepositData deposit = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    assertThat(deposit.pubkey()).isEqualTo(KEY.publicKey());
    assertThat(deposit.withdrawalCredentials()).isEqualTo(CREDENTIALS);
    assertThat(deposit.amount()).isEqualTo(DepositAmount.DEFAULT);
    assertThat(deposit.verify(Network.HOODI)).isTrue();
  }

  @Test
  void signedDepositMatchesAnIndependentImplementation() {
    // The same key, credentials, amount and network signed with @chainsafe/blst 2.2.0 and
    // merkleized with @lodestar/types 1.50.0 (Node): BLS signing is deterministic, so the
    // signature and both roots must be these.
    DepositData deposit = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    assertThat(deposit.signature().toHex())
        .isEqualTo(
            "0xaa9bca903c832405727ad7c84527ddee34d74f3d921221737fcbdbaf20557cc6c2ade3ad0ec1f618"
                + "c00d1c5224d0538008255e3c83e8a52f1dc50e70827d0c2968da8be465ba2c3deb52849f69a346cd"
                + "0f46bcaf647fbd55146d0e8c327490b5");
    assertThat(deposit.message().hashTreeRoot().toUnprefixedHex())
        .isEqualTo("9f94290ee3a940929119098e5f86a7c3c01804752869fb94ec939652484e70c4");
    assertThat(deposit.hashTreeRoot().toUnprefixedHex())
        .isEqualTo("5bce68db0faa0c379a526f12b3c4a680bf6a58a6818dfda7a5b57616c1feea88");
  }

  @Test
  void signedDepositDoesNotVerifyUnderAnotherNetworksForkVersion() {
    DepositData deposit = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.HOODI);

    assertThat(deposit.verify(Network.MAINNET)).isFalse();
    assertThat(deposit.verify(Network.SEPOLIA)).isFalse();
    assertThat(deposit.verify(Network.HOLESKY)).isFalse();
  }

  @Test
  void rootIsTheOneTheDepositContractComputes() {
    DepositData deposit =
        DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.MAINNET);

    assertThat(deposit.hashTreeRoot()).isEqualTo(DepositContractRoot.of(deposit));
  }

  @Test
  void signatureIsOverTheMessageSigningRoot() {
    DepositData deposit =
        DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.MAINNET);

    Bytes32 signingRoot = deposit.message().signingRoot(Network.MAINNET.genesisForkVersion());

    assertThat(KEY.sign(signingRoot.toBytes())).isEqualTo(deposit.signature());
  }

  @Test
  void changingAnySignedFieldBreaksTheSignature() {
    DepositData deposit =
        DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, Network.MAINNET);

    DepositData otherAmount =
        new DepositData(
            deposit.pubkey(),
            deposit.withdrawalCredentials(),
            DepositAmount.ofGwei(31_000_000_000L),
            deposit.signature());
    DepositData otherCredentials =
        new DepositData(
            deposit.pubkey(),
            WithdrawalCredentials.compounding("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            deposit.amount(),
            deposit.signature());

    assertThat(otherAmount.verify(Network.MAINNET)).isFalse();
    assertThat(otherCredentials.verify(Network.MAINNET)).isFalse();
  }

  @Test
  void anotherKeysSignatureDoesNotVerify() {
    BlsSecretKey other =
        BlsSecretKey.fromBytes(
            HexFormat.of()
                .parseHex("47b8192d77bf871b62e87859d653922725724a5c031afeabc60bcef5ff665138"));
    DepositData forged =
        new DepositData(
            KEY.publicKey(),
            CREDENTIALS,
            DepositAmount.DEFAULT,
            DepositData.sign(other, CREDENTIALS, DepositAmount.DEFAULT, Network.MAINNET)
                .signature());

    assertThat(forged.verify(Network.MAINNET)).isFalse();
  }

  @Test
  void compoundingCredentialsTakeUpTo2048Ether() {
    WithdrawalCredentials compounding =
        WithdrawalCredentials.compounding("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    DepositAmount most = DepositAmount.ofGwei(DepositAmount.MAX_COMPOUNDING_GWEI);

    DepositData deposit = DepositData.sign(KEY, compounding, most, Network.HOLESKY);

    assertThat(deposit.verify(Network.HOLESKY)).isTrue();
  }

  @Test
  void executionAddressCredentialsAbove32EtherAreRefusedBeforeSigning() {
    DepositAmount thirtyThree = DepositAmount.ofGwei(33_000_000_000L);

    assertThatThrownBy(() -> DepositData.sign(KEY, CREDENTIALS, thirtyThree, Network.MAINNET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the most for 0x01 withdrawal credentials");
  }

  @Test
  void customNetworkSignsUnderItsOwnForkVersion() {
    Network devnet =
        new CustomNetwork(
                "my-devnet",
                1337,
                "0x4242424242424242424242424242424242424242",
                "0x10000038",
                0,
                "0x" + "00".repeat(32),
                12,
                32)
            .toNetwork("pools.devnet.network");

    DepositData deposit = DepositData.sign(KEY, CREDENTIALS, DepositAmount.DEFAULT, devnet);

    assertThat(deposit.verify(devnet)).isTrue();
    assertThat(deposit.verify(Network.MAINNET)).isFalse();
  }

  @Test
  void holeskyExampleOfTheDepositCliDocsVerifies() {
    // ethstaker/ethstaker-deposit-cli docs/src/deposit_data_file.md, "Example", first entry.
    DepositData deposit =
        new DepositData(
            BlsPublicKey.fromHex(
                "962195958e742b8dc5b2a25adede82fc5cd661827cb1e1237025e3d7847801aa5584d5bfdc6893413264cccfbff54128"),
            WithdrawalCredentials.fromHex(
                "0007a213a9a50ddf7e00e53267af1c131ed82fec947f1c9656b54f9a20f7a87f", "credentials"),
            DepositAmount.ofGwei(32_000_000_000L),
            BlsSignature.fromHex(
                "a2d56afe4540d5b506aea614848a0838b66c8707a91aa73cdb0e7b59d819f16be64881b5b621184b"
                    + "1668f4f1d024094a1861c5af783ded675b5763047c069c5eb805649f7c04656c96b31b0bcc"
                    + "c34ed93c8fcd8f2e4a9e5c03453f305089d765"));

    assertThat(deposit.message().hashTreeRoot().toUnprefixedHex())
        .isEqualTo("f9bdb1e800b8f9f0db98c77271745e3c6140f18bf420543bda84fa92c393ddc7");
    assertThat(deposit.hashTreeRoot().toUnprefixedHex())
        .isEqualTo("7cda08cd57c303f8af720b10a0852408bc31e015cb552f0029fc1024b8a1d615");
    assertThat(deposit.verify(Network.HOLESKY)).isTrue();
    assertThat(deposit.verify(Network.MAINNET)).isFalse();
    assertThat(deposit.verify(Network.HOODI)).isFalse();
  }
}
