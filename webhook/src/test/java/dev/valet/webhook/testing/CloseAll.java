package dev.valet.webhook.testing;

/** Closes every resource of a test's world, even when some fail, and then reports them all. */
public final class CloseAll {
  private CloseAll() {}

  /**
   * Closes the resources in the order given; the first failure is thrown after all were tried, with
   * the later ones suppressed in it.
   *
   * @param what the test's world, for the message ("the RBAC test")
   */
  public static void closeAll(String what, Iterable<? extends AutoCloseable> resources) {
    IllegalStateException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("cleaning up after " + what + " failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
