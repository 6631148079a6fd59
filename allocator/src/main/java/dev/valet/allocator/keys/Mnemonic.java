package dev.valet.allocator.keys;

import dev.valet.allocator.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * A BIP-39 mnemonic in the English wordlist, checked for word count, words and checksum.
 *
 * <p>Neither {@link #toString()} nor any exception message of this class shows the words.
 */
public final class Mnemonic {

  private static final Set<Integer> WORD_COUNTS = Set.of(12, 15, 18, 21, 24);
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int BITS_PER_WORD = 11;
  private static final int SEED_ITERATIONS = 2048;
  private static final int SEED_LENGTH = 64;

  private final String sentence;
  private final int wordCount;

  private Mnemonic(String sentence, int wordCount) {
    this.sentence = sentence;
    this.wordCount = wordCount;
  }

  /**
   * Parses mnemonic text. Case and the amount of whitespace between words do not matter.
   *
   * @throws InvalidMnemonicException if the word count is not 12, 15, 18, 21 or 24, a word is not
   *     in the English list, or the checksum does not match
   */
  public static Mnemonic parse(String text) {
    Objects.requireNonNull(text, "text");
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
    String trimmed = WHITESPACE.matcher(normalized).replaceAll(" ").strip();
    if (trimmed.isEmpty()) {
      throw new InvalidMnemonicException("mnemonic is empty");
    }
    String[] words = trimmed.split(" ");

    if (!WORD_COUNTS.contains(words.length)) {
      throw new InvalidMnemonicException(
          "mnemonic has "
              + words.length
              + " words; a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words");
    }

    int[] indices = wordIndices(words);

    if (!checksumMatches(indices)) {
      throw new InvalidMnemonicException(
          "checksum does not match: a word is mistyped or the order is wrong");
    }
    return new Mnemonic(String.join(" ", words), words.length);
  }

  public int wordCount() {
    return wordCount;
  }

  /**
   * BIP-39 "From mnemonic to seed": PBKDF2-HMAC-SHA512 of the mnemonic, salted with "mnemonic"
   * followed by {@code passphrase} (both NFKD), 2048 iterations, 64 bytes.
   */
  public byte[] seed(String passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    byte[] password = nfkdUtf8(sentence);
    byte[] salt = nfkdUtf8("mnemonic" + passphrase);
    try {
      return Pbkdf2.derive(new SHA512Digest(), password, salt, SEED_ITERATIONS, SEED_LENGTH);
    } finally {
      SecretBytes.wipe(password);
    }
  }

  @Override
  public String toString() {
    return "Mnemonic[" + wordCount + " words, redacted]";
  }

  private static int[] wordIndices(String[] words) {
    int[] indices = new int[words.length];
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      OptionalInt index = Bip39EnglishWords.indexOf(words[i]);
      if (index.isPresent()) {
        indices[i] = index.getAsInt();
      } else {
        unknown.add(i + 1);
      }
    }
    if (unknown.size() == 1) {
      throw new InvalidMnemonicException(
          "word " + unknown.get(0) + " is not in the BIP-39 English list");
    }
    if (!unknown.isEmpty()) {
      String positions = unknown.stream().map(String::valueOf).collect(Collectors.joining(", "));
      throw new InvalidMnemonicException(
          "words " + positions + " are not in the BIP-39 English list");
    }
    return indices;
  }

  /**
   * BIP-39 "Generating the mnemonic", read backwards: the words carry ENT bits of entropy followed
   * by the first ENT/32 bits of SHA-256(entropy).
   */
  private static boolean checksumMatches(int[] indices) {
    int totalBits = indices.length * BITS_PER_WORD;
    int checksumBits = totalBits / 33;
    int entropyBits = totalBits - checksumBits;

    byte[] packed = new byte[(totalBits + 7) / 8];
    for (int i = 0; i < indices.length; i++) {
      for (int bit = 0; bit < BITS_PER_WORD; bit++) {
        if (((indices[i] >>> (BITS_PER_WORD - 1 - bit)) & 1) == 1) {
          int position = i * BITS_PER_WORD + bit;
          packed[position / 8] |= (byte) (0x80 >>> (position % 8));
        }
      }
    }
    byte[] entropy = Arrays.copyOf(packed, entropyBits / 8);

    int expected = (Sha256.digest(entropy)[0] & 0xFF) >>> (8 - checksumBits);
    int actual = (packed[entropy.length] & 0xFF) >>> (8 - checksumBits);
    SecretBytes.wipe(packed);
    SecretBytes.wipe(entropy);
    return expected == actual;
  }

  private static byte[] nfkdUtf8(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
  }
}
