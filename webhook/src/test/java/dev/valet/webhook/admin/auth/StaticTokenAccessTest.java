package dev.valet.webhook.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StaticTokenAccessTest {
  private final StaticTokenAccess access = new StaticTokenAccess("s3cret-token");

  @Test
  void theTokenIsAllowedEverythingAsTheStaticTokenUser() {
    assertThat(access.decide("s3cret-token", Permission.RELEASE_LEASES).result())
        .isEqualTo(new AccessDecision.Allowed(StaticTokenAccess.USER));
  }

  @Test
  void anyOtherTokenIsNotAuthenticatedEvenAPrefixOrTheSameWithSpace() {
    for (String other : new String[] {"s3cret", "s3cret-token ", "S3CRET-TOKEN", ""}) {
      assertThat(access.decide(other, Permission.LIST_POOLS).result())
          .isEqualTo(new AccessDecision.Unauthenticated("the token is not valid"));
    }
  }

  @Test
  void anEmptyTokenFileIsRefused() {
    assertThatThrownBy(() -> new StaticTokenAccess("  ")).hasMessage("the admin token is empty");
  }
}
