package dev.valet.webhook.faults.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on 127.0.0.1 in front of a server on 127.0.0.1 that holds every chunk of bytes, in
 * both directions, for a delay the test sets while connections are open: a database that is slow on
 * the wire, whatever the server itself does. Bytes keep their order; a delay of zero passes them
 * straight on.
 */
final class DelayingProxy implements AutoCloseable {
  private static final byte[] END = new byte[0];

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile long delayNanos;

  private record Chunk(byte[] bytes, long dueNanos) {}

  private DelayingProxy(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
    threads.submit(this::acceptConnections);
  }

  /** A proxy on a free port of 127.0.0.1 to {@code targetPort} of 127.0.0.1. */
  static DelayingProxy to(int targetPort) throws IOException {
    return new DelayingProxy(
        new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), targetPort);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Holds each chunk read from now on for {@code delay} before passing it on. */
  void delay(Duration delay) {
    delayNanos = delay.toNanos();
  }

  private Void acceptConnections() throws IOException {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) {
          return null;
        }
        throw e;
      }
      Socket server = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
      sockets.add(client);
      sockets.add(server);
      pipe(client, server);
      pipe(server, client);
    }
    return null;
  }

  private void pipe(Socket from, Socket to) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    threads.submit(() -> read(from, queue));
    threads.submit(() -> write(queue, to));
  }

  private Void read(Socket from, BlockingQueue<Chunk> queue) throws InterruptedException {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        queue.put(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
      }
    } catch (IOException e) {
      // The socket was closed by the other side or by close(): pass the end on.
    }
    queue.put(new Chunk(END, System.nanoTime() + delayNanos));
    return null;
  }

  private Void write(BlockingQueue<Chunk> queue, Socket to) throws InterruptedException {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk chunk = queue.take();
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
        if (chunk.bytes() == END) {
          to.close();
          return null;
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException e) {
      closeQuietly(to);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that was asked; a socket that fails to close is closed enough.
    }
  }
}
