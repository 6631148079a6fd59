package dev.valet.certs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS server on 127.0.0.1 that presents whichever serving certificate it is told to, and a client
 * that trusts only a given caBundle, as the API server does.
 *
 * <p>The client validates the server's chain with the JDK's PKIX trust manager at a given instant
 * (revocation off) and checks the host name {@value #SERVICE_HOST}, the name the API server uses.
 * Each handshake uses a fresh client context, so no session is resumed and every handshake
 * validates the chain anew.
 */
final class HandshakeProbe implements AutoCloseable {

  static final String SERVICE_HOST = "valet-webhook.valet.svc";
  private static final int TIMEOUT_MILLIS = 10_000;

  private final AtomicReference<ServingCertificate> served = new AtomicReference<>();
  private final SSLServerSocket serverSocket;
  private final Thread acceptor;

  HandshakeProbe() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new ServedKeyManager()}, null, null);
      serverSocket =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot start the TLS test server", e);
    }
    acceptor = Thread.ofPlatform().daemon().name("handshake-probe").start(this::serve);
  }

  /**
   * Presents {@code serving} and connects with a client that trusts only {@code caBundle}, judging
   * validity at {@code at}. Empty when the handshake completed, else why it failed.
   */
  Optional<String> failure(List<X509Certificate> caBundle, ServingCertificate serving, Instant at) {
    served.set(serving);
    try (Socket plain = new Socket("127.0.0.1", serverSocket.getLocalPort())) {
      plain.setSoTimeout(TIMEOUT_MILLIS);
      plain.setTcpNoDelay(true);
      SSLSocket socket =
          (SSLSocket)
              clientContext(caBundle, at)
                  .getSocketFactory()
                  .createSocket(plain, SERVICE_HOST, serverSocket.getLocalPort(), true);
      var parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      try (InputStream in = socket.getInputStream()) {
        return in.read() == 1 ? Optional.empty() : Optional.of("server closed without answering");
      }
    } catch (IOException e) {
      return Optional.of(rootMessage(e));
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    try {
      acceptor.join(TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve() {
    while (!serverSocket.isClosed()) {
      try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        socket.getOutputStream().write(1);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The client refused the certificate, or the server socket closed: the client reports.
      }
    }
  }

  private static SSLContext clientContext(List<X509Certificate> caBundle, Instant at) {
    try {
      var anchors =
          caBundle.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
      var parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(at));
      var trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(new CertPathTrustManagerParameters(parameters));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a client trusting " + caBundle.size(), e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return failure.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Presents the currently served certificate under one alias. */
  private final class ServedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "serving";

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      ServingCertificate serving = served.get();
      return serving != null && serving.privateKey().getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return served.get().chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return served.get().privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
