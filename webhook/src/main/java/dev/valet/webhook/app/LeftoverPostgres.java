package dev.valet.webhook.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Postgres of a Valet that was killed (SIGKILL, a crash) outlives it: it is a process
 * of its own. It still holds the data directory, so the next start would wait for a server that
 * cannot start and give up. Such a server is recognised by its data directory's lock file naming a
 * live postgres process while no Valet holds the directory's lock, and is stopped first. A server
 * whose Valet still runs is never touched.
 */
final class LeftoverPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);

  /** The lock the embedded Postgres library takes for as long as a Valet uses the directory. */
  static final String VALET_LOCK = "epg-lock";

  private static final String POSTMASTER_PID = "postmaster.pid";
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private LeftoverPostgres() {}

  /** Stops the leftover server of {@code data}, if there is one; returns whether it did. */
  static boolean stopIfAny(Path data) throws IOException {
    Optional<ProcessHandle> server = runningServer(data);
    if (server.isEmpty() || heldByAnotherValet(data)) {
      return false;
    }
    long pid = server.get().pid();
    LOG.warn(
        "The embedded Postgres of an earlier Valet (pid {}) still runs on {}: that Valet was"
            + " killed without stopping it. Stopping it before starting a new one",
        pid,
        data);
    server.get().destroy();
    try {
      server.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException(
          "the embedded Postgres left by an earlier Valet (pid "
              + pid
              + ") did not stop within "
              + STOP_WAIT.toSeconds()
              + " s; stop it (kill "
              + pid
              + ") and start Valet again",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the embedded Postgres " + pid, e);
    }
    return true;
  }

  /** The live postgres process that the data directory's lock file names, if any. */
  private static Optional<ProcessHandle> runningServer(Path data) throws IOException {
    Path pidFile = data.resolve(POSTMASTER_PID);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2 || !sameDirectory(Path.of(lines.get(1).strip()), data)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.getFirst().strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(LeftoverPostgres::isPostgres);
  }

  private static boolean sameDirectory(Path named, Path data) throws IOException {
    return Files.isDirectory(named) && Files.isSameFile(named, data);
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process
        .info()
        .command()
        .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
        .orElse(false);
  }

  /** True while a running Valet (this process or another) holds the directory's lock. */
  private static boolean heldByAnotherValet(Path data) throws IOException {
    Path lockFile = data.resolve(VALET_LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }
}
