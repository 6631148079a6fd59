package dev.valet.webhook.tls;

import dev.valet.certs.Plan.Change;
import dev.valet.certs.TlsMaterial;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Says what a {@link CertificateRotation} pass did, in an operator's words; never a key. */
public final class RotationReport {
  private RotationReport() {}

  /** One line per step, in the order they happened; a single line when nothing was due. */
  public static List<String> lines(CertificateRotation.Outcome outcome) {
    TlsMaterial material = outcome.material();
    List<String> lines = new ArrayList<>();
    for (Change change : outcome.changes()) {
      lines.add(line(change, material));
    }
    if (outcome.webhooksPatched() > 0) {
      lines.add(
          "caBundle published: "
              + outcome.webhooksPatched()
              + " webhook(s) now trust "
              + material.caBundle().size()
              + " CA(s)");
    }
    if (outcome.publicationRecorded()) {
      lines.add(
          "new CA published at "
              + material.nextCaPublishedAt().orElseThrow()
              + "; it starts signing once caOverlap has passed (the leader or the next"
              + " valet certs does that)");
    }
    if (lines.isEmpty()) {
      lines.add(
          "nothing due: serving certificate "
              + describe(material.leaf())
              + ", "
              + material.caBundle().size()
              + " CA(s) trusted");
    }
    return lines;
  }

  /** The lines joined with "; ", for a log line. */
  public static String describe(CertificateRotation.Outcome outcome) {
    return String.join("; ", lines(outcome));
  }

  private static String line(Change change, TlsMaterial material) {
    return switch (change) {
      case CREATED ->
          "created a CA "
              + describe(material.signingCa().certificate())
              + " and a serving certificate";
      case REPLACED_EXPIRED_CA ->
          "the signing CA had expired: replaced it with "
              + describe(material.signingCa().certificate())
              + " and a new serving certificate";
      case CA_INTRODUCED ->
          "CA rotation phase 1: new CA "
              + describe(material.nextCa().orElseThrow().certificate())
              + " joined the caBundle; the current CA still signs";
      case CA_SIGNING ->
          "CA rotation phase 2: CA "
              + describe(material.signingCa().certificate())
              + " now signs the serving certificate";
      case CA_RETIRED ->
          "CA rotation phase 3: a CA whose certificates have all expired left the caBundle";
      case LEAF_ISSUED -> "issued serving certificate " + describe(material.leaf());
    };
  }

  private static String describe(X509Certificate certificate) {
    return "serial "
        + certificate.getSerialNumber().toString(16)
        + " valid until "
        + certificate.getNotAfter().toInstant();
  }
}
