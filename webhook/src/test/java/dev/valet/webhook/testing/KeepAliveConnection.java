package dev.valet.webhook.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection over TLS, sending requests one after another on the same
 * socket, so a test can tell that a connection outlived something.
 */
public final class KeepAliveConnection implements AutoCloseable {
  private final SSLSocket socket;
  private final BufferedReader in;
  private final OutputStream out;

  public KeepAliveConnection(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
  }

  /**
   * Sends {@code GET path} and reads the answer whole.
   *
   * @return the status code and the body, as {@code "200 ok"}
   * @throws IOException if the server closed the connection
   */
  public String get(String path) throws IOException {
    String request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = in.readLine();
    if (status == null) {
      throw new IOException("the server closed the connection");
    }
    int length = 0;
    for (String header = in.readLine(); header != null && !header.isEmpty(); ) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).strip());
      }
      header = in.readLine();
    }
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        throw new IOException("the server closed the connection mid-body");
      }
      read += n;
    }
    return status.split(" ")[1] + " " + new String(body);
  }

  /** The certificate this connection was opened with. */
  public X509Certificate peerLeaf() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
