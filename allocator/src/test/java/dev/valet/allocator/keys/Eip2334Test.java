package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Eip2334Test {

  @Test
  void validatorSigningPathFollowsEip2334() {
    assertThat(Eip2334.validatorSigningPath(0)).isEqualTo("m/12381/3600/0/0/0");
    assertThat(Eip2334.validatorSigningPath(41)).isEqualTo("m/12381/3600/41/0/0");
    assertThat(Eip2334.validatorSigningPath(4294967295L)).isEqualTo("m/12381/3600/4294967295/0/0");
  }

  @Test
  void validatorWithdrawalPathIsTheSigningKeysParent() {
    assertThat(Eip2334.validatorWithdrawalPath(41)).isEqualTo("m/12381/3600/41/0");
  }

  @Test
  void rejectsIndexOutsideUnsigned32Bits() {
    assertThatThrownBy(() -> Eip2334.validatorSigningPath(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Eip2334.validatorSigningPath(1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
