package dev.valet.webhook.app;

import java.nio.file.Path;

/**
 * A process that starts local mode's database under the directory it is given, prints "started" and
 * waits to be killed: a Valet whose embedded Postgres is still running when it dies.
 */
public final class LocalDatabaseHolder {
  private LocalDatabaseHolder() {}

  public static void main(String[] args) throws Exception {
    LocalDatabase.start(Path.of(args[0]));
    System.out.println("started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
