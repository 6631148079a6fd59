package dev.valet.allocator.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The BIP-39 English wordlist (bip39-english.txt beside this class), word to index. */
final class Bip39EnglishWords {

  static final int SIZE = 2048;

  private static final String RESOURCE = "bip39-english.txt";
  private static final List<String> WORDS = load();
  private static final Map<String, Integer> INDEX = indexOf(WORDS);

  private Bip39EnglishWords() {}

  static OptionalInt indexOf(String word) {
    Integer index = INDEX.get(word);
    return index == null ? OptionalInt.empty() : OptionalInt.of(index);
  }

  private static List<String> load() {
    try (InputStream in = Bip39EnglishWords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      List<String> words = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      if (words.size() != SIZE) {
        throw new IllegalStateException(
            RESOURCE + " has " + words.size() + " words instead of " + SIZE);
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static Map<String, Integer> indexOf(List<String> words) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      index.put(words.get(i), i);
    }
    return Map.copyOf(index);
  }
}
