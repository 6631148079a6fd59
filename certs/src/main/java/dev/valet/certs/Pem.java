package dev.valet.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for certificates and private keys, as Kubernetes Secrets and TLS servers hold them.
 *
 * <p>Keys are written as PKCS#8 ({@code PRIVATE KEY}). Reading also accepts SEC1 ({@code EC PRIVATE
 * KEY}, with or without a leading {@code EC PARAMETERS} block, as openssl writes it) and PKCS#1
 * ({@code RSA PRIVATE KEY}). Text outside PEM blocks is ignored. Each read names its source (a
 * Secret key or a file) so that errors say where the problem is; errors never quote key material.
 */
public final class Pem {

  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PKCS8_KEY = "PRIVATE KEY";
  private static final String SEC1_KEY = "EC PRIVATE KEY";
  private static final String PKCS1_KEY = "RSA PRIVATE KEY";
  private static final String EC_PARAMETERS = "EC PARAMETERS";
  private static final String ENCRYPTED_PKCS8_KEY = "ENCRYPTED PRIVATE KEY";

  private Pem() {}

  /** The certificates as consecutive {@code CERTIFICATE} blocks, in the given order. */
  public static String writeCertificates(List<X509Certificate> certificates) {
    List<PemObject> blocks = new ArrayList<>();
    for (X509Certificate certificate : certificates) {
      try {
        blocks.add(new PemObject(CERTIFICATE, certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode " + Certificates.describe(certificate), e);
      }
    }
    return write(blocks);
  }

  /** The private key as one PKCS#8 {@code PRIVATE KEY} block. */
  public static String writePrivateKey(PrivateKey privateKey) {
    return write(List.of(new PemObject(PKCS8_KEY, privateKey.getEncoded())));
  }

  /**
   * Every certificate in the text, in order.
   *
   * @throws InvalidTlsMaterialException if there is none, a block is not a certificate, or a block
   *     cannot be decoded
   */
  public static List<X509Certificate> readCertificates(String text, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (PemObject block : blocks(text, source)) {
      if (!block.getType().equals(CERTIFICATE)) {
        throw unexpected(block, source, "certificates");
      }
      certificates.add(certificate(block.getContent(), source, certificates.size() + 1));
    }
    if (certificates.isEmpty()) {
      throw new InvalidTlsMaterialException("no certificate found in " + source);
    }
    return List.copyOf(certificates);
  }

  /**
   * The one private key in the text.
   *
   * @throws InvalidTlsMaterialException if there is none or more than one, it is encrypted, of an
   *     unsupported kind, or cannot be decoded
   */
  public static PrivateKey readPrivateKey(String text, String source) {
    PrivateKey found = null;
    for (PemObject block : blocks(text, source)) {
      if (block.getType().equals(EC_PARAMETERS)) {
        continue;
      }
      if (found != null) {
        throw new InvalidTlsMaterialException("more than one private key in " + source);
      }
      found = privateKey(block, source);
    }
    if (found == null) {
      throw new InvalidTlsMaterialException("no private key found in " + source);
    }
    return found;
  }

  private static String write(List<PemObject> blocks) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      for (PemObject block : blocks) {
        writer.writeObject(block);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return text.toString();
  }

  private static List<PemObject> blocks(String text, String source) {
    List<PemObject> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject block = reader.readPemObject();
      while (block != null) {
        blocks.add(block);
        block = reader.readPemObject();
      }
    } catch (IOException | RuntimeException e) {
      // The reader's own messages may quote the text: keep only the kind of failure.
      throw new InvalidTlsMaterialException(
          "malformed PEM in " + source + " (" + e.getClass().getSimpleName() + ")");
    }
    return blocks;
  }

  private static X509Certificate certificate(byte[] der, String source, int position) {
    try {
      var factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new InvalidTlsMaterialException(
          "certificate " + position + " in " + source + " cannot be decoded", e);
    }
  }

  private static PrivateKey privateKey(PemObject block, String source) {
    if (block.getType().equals(ENCRYPTED_PKCS8_KEY) || !block.getHeaders().isEmpty()) {
      throw new InvalidTlsMaterialException(
          "the private key in " + source + " is encrypted; an unencrypted key is needed");
    }
    PrivateKeyInfo keyInfo;
    try {
      keyInfo =
          switch (block.getType()) {
            case PKCS8_KEY -> PrivateKeyInfo.getInstance(block.getContent());
            case SEC1_KEY -> fromSec1(block.getContent(), source);
            case PKCS1_KEY ->
                new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(block.getContent()));
            default -> throw unexpected(block, source, "a private key");
          };
      return new JcaPEMKeyConverter().getPrivateKey(keyInfo);
    } catch (InvalidTlsMaterialException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // No cause attached: a decoder's message could quote bytes of the key.
      throw new InvalidTlsMaterialException(
          "the "
              + block.getType()
              + " in "
              + source
              + " cannot be decoded ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static PrivateKeyInfo fromSec1(byte[] der, String source) throws IOException {
    ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
    if (sec1.getParametersObject() == null) {
      throw new InvalidTlsMaterialException(
          "the EC PRIVATE KEY in " + source + " does not name its curve");
    }
    var algorithm =
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject());
    return new PrivateKeyInfo(algorithm, sec1);
  }

  private static InvalidTlsMaterialException unexpected(
      PemObject block, String source, String expected) {
    return new InvalidTlsMaterialException(
        "unexpected PEM block '" + block.getType() + "' in " + source + ", expected " + expected);
  }
}
