package dev.valet.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubkeysAnnotationTest {
  private static final String PUBKEY = "0x" + "a".repeat(96);

  /** The most keys whose comma-separated list, with its name, stays within Valet's budget. */
  private static final int FITTING =
      (PubkeysAnnotation.VALET_BUDGET - ValetLabels.PUBKEYS.length() + 1) / (PUBKEY.length() + 1);

  @Test
  void theListGoesInTheAnnotationUpToValetsBudget() {
    List<String> pubkeys = Collections.nCopies(FITTING, PUBKEY);

    String value = PubkeysAnnotation.value(pubkeys, Map.of(), Map.of());

    assertThat(value).isEqualTo(String.join(",", pubkeys));
    assertThat(ValetLabels.PUBKEYS.length() + value.length())
        .isLessThanOrEqualTo(PubkeysAnnotation.VALET_BUDGET);
  }

  @Test
  void oneKeyMorePointsAtTheSecretsPubkeysFile() {
    String value =
        PubkeysAnnotation.value(Collections.nCopies(FITTING + 1, PUBKEY), Map.of(), Map.of());

    assertThat(value).isEqualTo("see-secret:pubkeys");
  }

  @Test
  void twoHundredKeysTheDefaultMaximumAreListedInFull() {
    List<String> pubkeys = Collections.nCopies(200, PUBKEY);

    assertThat(PubkeysAnnotation.value(pubkeys, Map.of(), Map.of()).split(",")).hasSize(200);
  }

  @Test
  void aPodThatAlreadyCarriesLargeAnnotationsGetsThePointerSoTheirTotalStaysInBudget() {
    List<String> pubkeys = Collections.nCopies(10, PUBKEY);
    String big = "x".repeat(PubkeysAnnotation.POD_BUDGET - 1000);

    assertThat(PubkeysAnnotation.value(pubkeys, Map.of("example.com/big", big), Map.of()))
        .isEqualTo("see-secret:pubkeys");
    assertThat(PubkeysAnnotation.value(pubkeys, Map.of("example.com/small", "x"), Map.of()))
        .isEqualTo(String.join(",", pubkeys));
  }

  @Test
  void valetsOtherAnnotationsCountAgainstItsBudget() {
    List<String> pubkeys = Collections.nCopies(FITTING, PUBKEY);

    assertThat(PubkeysAnnotation.value(pubkeys, Map.of(), Map.of(ValetLabels.PUBKEY, PUBKEY)))
        .isEqualTo("see-secret:pubkeys");
  }

  @Test
  void sizesCountBytesOfNamesAndValuesAsKubernetesDoes() {
    assertThat(PubkeysAnnotation.size(Map.of("ab", "cd", "é", "ü"))).isEqualTo(8);
  }
}
