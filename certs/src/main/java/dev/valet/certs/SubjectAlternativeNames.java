package dev.valet.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * The names a serving certificate is valid for: DNS names and IP addresses, in order.
 *
 * <p>DNS names are lower-cased (DNS ignores case) and duplicates are dropped. The first DNS name
 * becomes the certificate's common name. Two lists with the same entries in another order name the
 * same certificate ({@link #sameNamesAs}).
 */
public record SubjectAlternativeNames(List<String> dnsNames, List<InetAddress> ipAddresses) {

  private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS_NAME =
      Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");
  private static final int GENERAL_NAME_DNS = 2;
  private static final int GENERAL_NAME_IP = 7;

  public SubjectAlternativeNames {
    dnsNames = dnsNames.stream().map(SubjectAlternativeNames::requireDnsName).distinct().toList();
    ipAddresses = ipAddresses.stream().distinct().toList();
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP");
    }
  }

  /** Names from entries that are each a DNS name or an IPv4/IPv6 literal. */
  public static SubjectAlternativeNames of(List<String> entries) {
    List<String> dnsNames = new ArrayList<>();
    List<InetAddress> ipAddresses = new ArrayList<>();
    for (String entry : entries) {
      if (IPAddress.isValid(entry)) {
        ipAddresses.add(ipLiteral(entry));
      } else {
        dnsNames.add(entry);
      }
    }
    return new SubjectAlternativeNames(dnsNames, ipAddresses);
  }

  /**
   * The names the API server may use to reach a Service: {@code <service>}, {@code
   * <service>.<namespace>} and {@code <service>.<namespace>.svc}, followed by the extra entries
   * (DNS names or IP literals, e.g. {@code <service>.<namespace>.svc.cluster.local}).
   */
  public static SubjectAlternativeNames forService(
      String service, String namespace, List<String> extraEntries) {
    requireLabel("service", service);
    requireLabel("namespace", namespace);
    String inNamespace = service + "." + namespace;
    List<String> entries =
        Stream.concat(Stream.of(service, inNamespace, inNamespace + ".svc"), extraEntries.stream())
            .toList();
    return of(entries);
  }

  /** The DNS and IP names a certificate carries; other kinds of names are ignored. */
  public static SubjectAlternativeNames of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new InvalidTlsMaterialException(
          "cannot read the subject alternative names of " + Certificates.describe(certificate), e);
    }
    List<String> dnsNames = new ArrayList<>();
    List<InetAddress> ipAddresses = new ArrayList<>();
    for (List<?> name : names == null ? List.<List<?>>of() : names) {
      int type = (Integer) name.get(0);
      if (type == GENERAL_NAME_DNS) {
        dnsNames.add((String) name.get(1));
      } else if (type == GENERAL_NAME_IP) {
        ipAddresses.add(ipLiteral((String) name.get(1)));
      }
    }
    return new SubjectAlternativeNames(dnsNames, ipAddresses);
  }

  /** The common name for the certificate's subject: the first DNS name, else the first IP. */
  public String commonName() {
    return dnsNames.isEmpty() ? ipAddresses.get(0).getHostAddress() : dnsNames.get(0);
  }

  /** Whether both hold the same DNS names and IP addresses, in whatever order. */
  public boolean sameNamesAs(SubjectAlternativeNames other) {
    return new HashSet<>(dnsNames).equals(new HashSet<>(other.dnsNames))
        && new HashSet<>(ipAddresses).equals(new HashSet<>(other.ipAddresses));
  }

  GeneralNames toGeneralNames() {
    Stream<GeneralName> dns = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n));
    Stream<GeneralName> ips =
        ipAddresses.stream().map(a -> new GeneralName(GeneralName.iPAddress, a.getHostAddress()));
    return new GeneralNames(Stream.concat(dns, ips).toArray(GeneralName[]::new));
  }

  @Override
  public String toString() {
    return Stream.concat(dnsNames.stream(), ipAddresses.stream().map(InetAddress::getHostAddress))
        .toList()
        .toString();
  }

  private static String requireDnsName(String name) {
    String lowerCase = name.toLowerCase(Locale.ROOT);
    if (lowerCase.length() > 253 || !DNS_NAME.matcher(lowerCase).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is neither a DNS name (RFC 1123) nor an IP address");
    }
    return lowerCase;
  }

  private static void requireLabel(String what, String value) {
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a DNS label (lower-case letters, digits and '-')");
    }
  }

  private static InetAddress ipLiteral(String literal) {
    try {
      // A literal, checked by the caller or written by a certificate: no name lookup happens.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }
}
