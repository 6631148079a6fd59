package dev.valet.webhook.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeadershipTest {
  private static final Duration VALIDITY = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Leadership leadership = new Leadership(VALIDITY, nanos::get);

  @Test
  void aReplicaLeadsOnceElectedWithARecentRenewal() {
    assertThat(leadership.isLeading()).as("before any election").isFalse();

    leadership.renewed(nanos.get());
    leadership.elected();

    assertThat(leadership.isLeading()).isTrue();
  }

  @Test
  void aReplicaStopsLeadingByItselfWhenItsLastRenewalIsOlderThanTheValidity() {
    leadership.renewed(nanos.get());
    leadership.elected();

    advance(VALIDITY.minusMillis(1));
    assertThat(leadership.isLeading()).as("just inside the validity").isTrue();
    advance(Duration.ofMillis(1));

    assertThat(leadership.isLeading()).as("at the end of the validity, with no renewal").isFalse();
  }

  @Test
  void theValidityCountsFromWhenTheRenewalWasSentNotWhenItsAnswerCame() {
    long sent = nanos.get();
    advance(Duration.ofSeconds(8));
    leadership.renewed(sent);
    leadership.elected();

    advance(Duration.ofSeconds(2));

    assertThat(leadership.isLeading()).isFalse();
  }

  @Test
  void aLaterRenewalExtendsTheLeadership() {
    leadership.renewed(nanos.get());
    leadership.elected();
    advance(Duration.ofSeconds(8));

    leadership.renewed(nanos.get());
    advance(Duration.ofSeconds(8));

    assertThat(leadership.isLeading()).isTrue();
  }

  @Test
  void aDeposedReplicaDoesNotLeadAgainOnARenewalAloneButOnlyWhenElectedAgain() {
    leadership.renewed(nanos.get());
    leadership.elected();

    leadership.deposed();
    leadership.renewed(nanos.get());
    assertThat(leadership.isLeading()).as("renewed but not elected").isFalse();

    leadership.elected();
    assertThat(leadership.isLeading()).as("elected again").isTrue();
  }

  @Test
  void aWriteNamingAnotherHolderEndsTheLeadershipAtOnce() {
    leadership.renewed(nanos.get());
    leadership.elected();

    leadership.lapsed();

    assertThat(leadership.isLeading()).isFalse();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
