package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Eip2333Test {

  private static final HexFormat HEX = HexFormat.of();

  private static final byte[] SEED =
      HEX.parseHex("3141592653589793238462643383279502884197169399375105820974944592");

  // EIP-2333 "Test Cases" 0 to 3: seed, master_SK, child_index, child_SK (decimal integers).
  @ParameterizedTest
  @CsvSource({
    "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        + "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04,"
        + "6083874454709270928345386274498605044986640685124978867557563392430687146096,"
        + "0,"
        + "20397789859736650942317412262472558107875392172444076792671091975210932703118",
    "3141592653589793238462643383279502884197169399375105820974944592,"
        + "29757020647961307431480504535336562678282505419141012933316116377660817309383,"
        + "3141592653,"
        + "25457201688850691947727629385191704516744796114925897962676248250929345014287",
    "0099FF991111002299DD7744EE3355BBDD8844115566CC55663355668888CC00,"
        + "27580842291869792442942448775674722299803720648445448686099262467207037398656,"
        + "4294967295,"
        + "29358610794459428860402234341874281240803786294062035874021252734817515685787",
    "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3,"
        + "19022158461524446591288038168518313374041767046816487870552872741050760015818,"
        + "42,"
        + "31372231650479070279774297061823572166496564838472787488249775572789064611981",
  })
  void publishedTestCasesDeriveExactly(
      String seedHex, String masterSk, long childIndex, String childSk) {
    BlsSecretKey master = Eip2333.deriveMaster(HEX.parseHex(seedHex));
    BlsSecretKey child = Eip2333.deriveChild(master, childIndex);

    assertThat(asInteger(master)).isEqualTo(new BigInteger(masterSk));
    assertThat(asInteger(child)).isEqualTo(new BigInteger(childSk));
  }

  @Test
  void mnemonicToChildStackMatchesTestCaseZero() {
    // EIP-2333 Test Case 0 names the BIP-39 mnemonic and passphrase its seed comes from.
    Mnemonic mnemonic =
        Mnemonic.parse(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon about");

    BlsSecretKey child = Eip2333.derivePath(mnemonic.seed("TREZOR"), "m/0");

    assertThat(asInteger(child))
        .isEqualTo(
            new BigInteger(
                "20397789859736650942317412262472558107875392172444076792671091975210932703118"));
  }

  @Test
  void derivePathWalksEachComponent() {
    BlsSecretKey stepByStep = Eip2333.deriveMaster(SEED);
    for (long index : new long[] {12381, 3600, 7, 0, 0}) {
      stepByStep = Eip2333.deriveChild(stepByStep, index);
    }

    assertThat(Eip2333.derivePath(SEED, Eip2334.validatorSigningPath(7))).isEqualTo(stepByStep);
    assertThat(Eip2333.derivePath(SEED, "m")).isEqualTo(Eip2333.deriveMaster(SEED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "M/12381",
        "12381/3600",
        "m/",
        "m//3600",
        "m/12381/",
        " m/12381",
        "m/12381 /3600",
        "m/-1",
        "m/+1",
        "m/0x10",
        "m/12381'",
        "m/007",
        "m/4294967296",
        "m/99999999999999999999"
      })
  void derivePathRejectsMalformedPaths(String path) {
    assertThatThrownBy(() -> Eip2333.derivePath(SEED, path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("derivation path");
  }

  @Test
  void derivePathNamesTheBadComponent() {
    assertThatThrownBy(() -> Eip2333.derivePath(SEED, "m/12381/36OO/0"))
        .hasMessage("derivation path component 2 is not a decimal number");
    assertThatThrownBy(() -> Eip2333.derivePath(SEED, "m/12381/3600/4294967296"))
        .hasMessage("derivation path component 3 is not below 2^32");
  }

  @Test
  void acceptsLargestIndex() {
    BlsSecretKey master = Eip2333.deriveMaster(SEED);

    assertThat(Eip2333.derivePath(SEED, "m/4294967295"))
        .isEqualTo(Eip2333.deriveChild(master, 4294967295L));
  }

  @Test
  void rejectsShortSeed() {
    assertThatThrownBy(() -> Eip2333.deriveMaster(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed must be at least 32 bytes (EIP-2333), got 31 bytes");
  }

  @Test
  void rejectsIndexOutsideUnsigned32Bits() {
    BlsSecretKey master = Eip2333.deriveMaster(SEED);

    assertThatThrownBy(() -> Eip2333.deriveChild(master, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Eip2333.deriveChild(master, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BigInteger asInteger(BlsSecretKey key) {
    return new BigInteger(1, key.toBytes());
  }
}
