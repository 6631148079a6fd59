package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped RBAC is minimal: against a real API server, for each verb it grants, the same RBAC
 * without that verb makes a call Valet makes fail with 403, and the test names that call. With the
 * whole RBAC every one of those calls works (the end-to-end suite, run as the same ServiceAccount,
 * shows it is enough for everything else Valet does).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RbacMinimalityE2ETest {
  /** How long the API server's authorizer may take to follow a changed Role. */
  private static final Duration AUTHORIZER_DELAY = Duration.ofSeconds(20);

  private static RbacWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = RbacWorld.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  static Stream<RbacOperations.Operation> operations() {
    return RbacOperations.all().stream();
  }

  @Test
  @Order(1)
  void everyVerbTheShippedRbacGrantsHasACallThatNeedsIt() throws Exception {
    Set<RbacGrant> shipped = new HashSet<>();
    var base = ShippedManifests.base();
    shipped.addAll(
        RbacGrant.of(
            RbacGrant.CLUSTER_ROLE,
            base.one(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class, "valet").getRules()));
    shipped.addAll(
        RbacGrant.of(
            RbacGrant.ROLE,
            base.one(io.fabric8.kubernetes.api.model.rbac.Role.class, "valet").getRules()));

    assertThat(operations().map(RbacOperations.Operation::grant).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(shipped);
  }

  @Test
  @Order(2)
  void withTheShippedRbacEveryCallWorks() {
    operations().forEach(operation -> awaitAllowed(operation));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  @Order(3)
  void withoutItsVerbTheCallIsForbidden(RbacOperations.Operation operation) {
    awaitAllowed(operation);
    world.account.editRules(
        rules -> operation.grant().removedFrom(RbacGrant.CLUSTER_ROLE, rules),
        rules -> operation.grant().removedFrom(RbacGrant.ROLE, rules));
    try {
      KubernetesClientException refusal = awaitForbidden(operation);

      assertThat(refusal.getCode()).isEqualTo(HttpURLConnection.HTTP_FORBIDDEN);
      assertThat(refusal.getMessage()).contains(operation.grant().verb());
    } finally {
      world.account.restoreRules();
    }
  }

  /** Runs the call until it works; the authorizer may still be catching up with a restore. */
  private static void awaitAllowed(RbacOperations.Operation operation) {
    long deadline = System.nanoTime() + AUTHORIZER_DELAY.toNanos();
    while (true) {
      try {
        operation.action().run(world);
        return;
      } catch (Exception e) {
        if (forbidden(e) == null || System.nanoTime() > deadline) {
          throw new AssertionError(operation + " fails with the shipped RBAC", e);
        }
      }
      pause();
    }
  }

  /** Runs the call until the API server refuses it, and returns the refusal. */
  private static KubernetesClientException awaitForbidden(RbacOperations.Operation operation) {
    long deadline = System.nanoTime() + AUTHORIZER_DELAY.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        operation.action().run(world);
      } catch (Exception e) {
        KubernetesClientException refusal = forbidden(e);
        if (refusal == null) {
          throw new AssertionError(operation + " failed, but not for want of the verb", e);
        }
        return refusal;
      }
      pause();
    }
    throw new AssertionError(
        operation + " still works without " + operation.grant() + ": the verb is not needed");
  }

  /** The 403 among {@code failure} and its causes, or null. */
  private static KubernetesClientException forbidden(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException e
          && e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return e;
      }
    }
    return null;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
