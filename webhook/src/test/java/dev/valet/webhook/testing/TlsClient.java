package dev.valet.webhook.testing;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS connections to a server on 127.0.0.1 as the API server makes them: trusting only a given
 * caBundle and checking that the certificate names 127.0.0.1. Each connection has a fresh context,
 * so no session is resumed and every handshake checks the chain anew.
 */
public final class TlsClient {
  private static final int TIMEOUT_MILLIS = 10_000;

  private TlsClient() {}

  /** The leaf the server presents to a client that trusts only {@code caBundle}. */
  public static X509Certificate servedLeaf(int port, List<X509Certificate> caBundle)
      throws IOException, GeneralSecurityException {
    try (SSLSocket socket = connect(port, trusting(caBundle))) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Whether a client that trusts only {@code caBundle} completes a handshake. */
  public static boolean handshakes(int port, List<X509Certificate> caBundle) {
    SSLContext context;
    try {
      context = trusting(caBundle);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a TLS client context", e);
    }
    try (SSLSocket socket = connect(port, context)) {
      return socket.getSession().isValid();
    } catch (IOException e) {
      return false;
    }
  }

  /** A connection that trusts only {@code caBundle}, handshake done. */
  public static SSLSocket connect(int port, List<X509Certificate> caBundle)
      throws IOException, GeneralSecurityException {
    return connect(port, trusting(caBundle));
  }

  /** A connection that trusts any certificate, as a kubelet's HTTPS probe does. */
  public static SSLSocket connectTrustingAnything(int port)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAnything()}, null);
    return connect(port, context, false);
  }

  private static SSLSocket connect(int port, SSLContext context) throws IOException {
    return connect(port, context, true);
  }

  private static SSLSocket connect(int port, SSLContext context, boolean checkName)
      throws IOException {
    Socket plain = new Socket("127.0.0.1", port);
    plain.setSoTimeout(TIMEOUT_MILLIS);
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
    if (checkName) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
    }
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private static SSLContext trusting(List<X509Certificate> caBundle)
      throws GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trusted.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot make an empty key store", e);
    }
    for (int i = 0; i < caBundle.size(); i++) {
      trusted.setCertificateEntry("ca-" + i, caBundle.get(i));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
