package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeystorePasswordTest {

  @Test
  void eipPasswordEncodesToPublishedBytes() {
    // EIP-2335 "Test Cases": the password and its "Encoded Password".
    byte[] encoded = KeystorePassword.encode(KeystoreFixtures.EIP_PASSWORD);

    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("7465737470617373776f7264f09f9491");
  }

  @Test
  void c0DeleteAndC1ControlCodesAreStripped() {
    String withControls = "\u0000a\u0009b\u001f\u007fc\u0080d\u009f";

    assertThat(KeystorePassword.encode(withControls)).isEqualTo(utf8("abcd"));
  }

  @Test
  void spaceAndCharactersNextToControlRangesStay() {
    assertThat(KeystorePassword.encode(" a~\u00a1")).isEqualTo(utf8(" a~\u00a1"));
  }

  @Test
  void compatibilityFormsAreDecomposed() {
    // NFKD: the ligature "ﬁ" becomes "fi", and "é" becomes "e" plus a combining accent.
    assertThat(KeystorePassword.encode("\ufb01\u00e9")).isEqualTo(utf8("fie\u0301"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
