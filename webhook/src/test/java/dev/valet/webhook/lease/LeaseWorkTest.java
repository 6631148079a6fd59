package dev.valet.webhook.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseWorkTest {

  @Test
  void noMoreThanTheLimitRunAtOnceAndTheRestStartInOrderAsOthersFinish() {
    LeaseWork work = new LeaseWork(2);
    List<Promise<String>> started = new ArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(
          work.submit(
              () -> {
                Promise<String> promise = Promise.promise();
                started.add(promise);
                return promise.future();
              }));
    }
    assertThat(started).as("pieces started before any finished").hasSize(2);

    started.get(1).complete("second");
    assertThat(started).hasSize(3);
    started.get(0).complete("first");
    started.get(2).complete("third");
    assertThat(started).hasSize(5);
    started.get(3).complete("fourth");
    started.get(4).fail("fifth failed");

    assertThat(results.subList(0, 4))
        .extracting(Future::result)
        .containsExactly("first", "second", "third", "fourth");
    assertThat(results.get(4).cause()).hasMessage("fifth failed");
  }

  @Test
  void aPieceThatThrowsFailsAloneAndTheQueueGoesOn() {
    LeaseWork work = new LeaseWork(1);

    Future<String> thrown =
        work.submit(
            () -> {
              throw new IllegalStateException("broken");
            });
    Future<String> next = work.submit(() -> Future.succeededFuture("next"));

    assertThat(thrown.cause()).hasMessage("broken");
    assertThat(next.result()).isEqualTo("next");
  }

  @Test
  void manyPiecesThatFinishAtOnceRunWithoutDeepeningTheStack() {
    LeaseWork work = new LeaseWork(4);
    AtomicInteger finished = new AtomicInteger();
    Promise<Void> gate = Promise.promise();
    work.submit(() -> gate.future());
    for (int i = 0; i < 200_000; i++) {
      work.submit(() -> Future.succeededFuture(finished.incrementAndGet()));
    }

    gate.complete();

    assertThat(finished).hasValue(200_000);
  }
}
