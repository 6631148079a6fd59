package dev.valet.webhook.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that passes bytes to one target untouched (TLS goes through end to end)
 * and can be cut: {@link #cut} closes every connection and the listening socket, so new connections
 * are refused, as with a server that went away; {@link #restore} listens on the same port again.
 */
public final class CuttableProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket listening;

  private CuttableProxy(InetSocketAddress target, ServerSocket listening) {
    this.target = target;
    this.listening = listening;
    this.port = listening.getLocalPort();
  }

  /** Listens on a free port of 127.0.0.1 and forwards to {@code host:targetPort}. */
  public static CuttableProxy start(String host, int targetPort) throws IOException {
    CuttableProxy proxy = new CuttableProxy(new InetSocketAddress(host, targetPort), listen(0));
    proxy.acceptOn(proxy.listening);
    return proxy;
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return socket;
  }

  public int port() {
    return port;
  }

  private void acceptOn(ServerSocket server) {
    Thread.ofVirtual()
        .name("proxy-accept-" + port)
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Thread.ofVirtual().start(() -> connect(client));
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  private void connect(Socket client) {
    open.add(client);
    Socket upstream = new Socket();
    open.add(upstream);
    try {
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Thread.ofVirtual().start(() -> pump(client, upstream));
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed or was cut; the other goes with it.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Closes every connection and stops listening: connecting is refused until {@link #restore}. */
  public synchronized void cut() {
    closeQuietly(listening);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Listens on the same port again. */
  public synchronized void restore() throws IOException {
    if (!listening.isClosed()) {
      return;
    }
    listening = listen(port);
    acceptOn(listening);
  }

  private void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is asked; a socket already closed is fine.
    }
    if (closeable instanceof Socket socket) {
      open.remove(socket);
    }
  }

  @Override
  public void close() {
    cut();
  }
}
