package dev.valet.certs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM blocks the production code does not write but must read: made here, byte by byte. */
final class TestPem {

  private TestPem() {}

  /** One PEM block of the given type. */
  static String block(String type, byte[] content) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The EC key as SEC1 ({@code EC PRIVATE KEY}) naming its curve, as openssl and kubeadm write. */
  static String sec1(PrivateKey key) {
    try {
      return block("EC PRIVATE KEY", sec1Structure(key).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code EC PARAMETERS} block openssl writes before a SEC1 key. */
  static String ecParameters(PrivateKey key) {
    try {
      var curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm();
      return block("EC PARAMETERS", curve.getParameters().toASN1Primitive().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static org.bouncycastle.asn1.sec.ECPrivateKey sec1Structure(PrivateKey key) {
    var curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm();
    return new org.bouncycastle.asn1.sec.ECPrivateKey(
        256, ((ECPrivateKey) key).getS(), curve.getParameters());
  }
}
