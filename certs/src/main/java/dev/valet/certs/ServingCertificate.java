package dev.valet.certs;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a TLS server presents: the leaf certificate first, then any intermediates, and the leaf's
 * private key. The key is checked to belong to the leaf on construction.
 */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey privateKey) {

  public ServingCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new InvalidTlsMaterialException("a serving certificate chain needs a leaf");
    }
    Certificates.requireKeyMatches(privateKey, chain.get(0), "serving key");
  }

  /** The certificate that names the server. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServingCertificate that
        && chain.equals(that.chain)
        && MessageDigest.isEqual(privateKey.getEncoded(), that.privateKey.getEncoded());
  }

  @Override
  public int hashCode() {
    return chain.hashCode();
  }

  /** Describes the leaf; the key stays out. */
  @Override
  public String toString() {
    return "ServingCertificate[" + Certificates.describe(leaf()) + "]";
  }
}
