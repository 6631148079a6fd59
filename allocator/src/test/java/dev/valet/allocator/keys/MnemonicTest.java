package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MnemonicTest {

  private static final String TWELVE_WORDS =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";

  // Trezor's reference vectors for BIP-39 (English, passphrase "TREZOR"): mnemonic, seed.
  @ParameterizedTest
  @CsvSource({
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about,"
        + "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
    "legal winner thank year wave sausage worth useful legal winner thank yellow,"
        + "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607",
    "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount"
        + " doctor acoustic avoid letter always,"
        + "107d7c02a5aa6f38c58083ff74f04c607c2d2c0ecc55501dadd72d025b751bc27fe913ffb796f841c49b1d33b610cf0e91d3aa239027f5e99fe4ce9e5088cd65",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo"
        + " zoo vote,"
        + "dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad",
    "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy"
        + " gospel tennis maple dilemma loan word shrug inflict delay length,"
        + "64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1b39d415665b8a9030c9ec653d75e65f847d8fc1fc440",
  })
  void trezorVectorsProducePublishedSeeds(String text, String seedHex) {
    Mnemonic mnemonic = Mnemonic.parse(text);

    assertThat(HexFormat.of().formatHex(mnemonic.seed("TREZOR"))).isEqualTo(seedHex);
  }

  @Test
  void caseAndWhitespaceDoNotMatter() {
    Mnemonic messy =
        Mnemonic.parse(
            "  Legal\tWINNER thank\n year wave sausage worth useful"
                + " legal winner\u00a0thank   yellow ");

    assertThat(messy.seed("TREZOR")).isEqualTo(Mnemonic.parse(TWELVE_WORDS).seed("TREZOR"));
    assertThat(messy.wordCount()).isEqualTo(12);
  }

  @Test
  void rejectsWrongWordCount() {
    String elevenWords = TWELVE_WORDS.substring(0, TWELVE_WORDS.lastIndexOf(' '));

    assertRejectedWithoutQuotingWords(
        () -> Mnemonic.parse(elevenWords),
        "mnemonic has 11 words; a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words",
        elevenWords);
  }

  @Test
  void rejectsUnknownWordNamingItsPosition() {
    String typo = TWELVE_WORDS.replace("sausage", "sausages");

    assertRejectedWithoutQuotingWords(
        () -> Mnemonic.parse(typo), "word 6 is not in the BIP-39 English list", typo);
  }

  @Test
  void rejectsSeveralUnknownWordsNamingEachPosition() {
    String typos = TWELVE_WORDS.replace("thank", "thanks");

    assertRejectedWithoutQuotingWords(
        () -> Mnemonic.parse(typos), "words 3, 11 are not in the BIP-39 English list", typos);
  }

  @Test
  void rejectsBadChecksum() {
    String swapped = TWELVE_WORDS.replace("year wave", "wave year");

    assertRejectedWithoutQuotingWords(
        () -> Mnemonic.parse(swapped),
        "checksum does not match: a word is mistyped or the order is wrong",
        swapped);
  }

  @Test
  void rejectsEmptyText() {
    assertThatThrownBy(() -> Mnemonic.parse(" \n "))
        .isInstanceOf(InvalidMnemonicException.class)
        .hasMessage("mnemonic is empty");
  }

  @Test
  void toStringNeverContainsWords() {
    Mnemonic mnemonic = Mnemonic.parse(TWELVE_WORDS);

    assertThat(mnemonic.toString()).isEqualTo("Mnemonic[12 words, redacted]");
    assertNoWordOf(TWELVE_WORDS, mnemonic.toString());
  }

  private static void assertRejectedWithoutQuotingWords(
      ThrowingCallable parse, String expectedMessage, String text) {
    assertThatThrownBy(parse)
        .isInstanceOf(InvalidMnemonicException.class)
        .hasMessage(expectedMessage)
        .satisfies(e -> assertNoWordOf(text, e.getMessage()));
  }

  private static void assertNoWordOf(String text, String message) {
    Arrays.stream(text.split(" "))
        .forEach(word -> assertThat(message).doesNotContainIgnoringCase(word));
  }
}
