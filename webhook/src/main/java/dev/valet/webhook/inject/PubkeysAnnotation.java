package dev.valet.webhook.inject;

import dev.valet.webhook.ValetLabels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The value of the pod annotation {@code valet.dev/pubkeys}: the lease's public keys,
 * comma-separated, unless that list would crowd the pod's annotations. Then the annotation says
 * {@value #SEE_SECRET}: the list is the {@code pubkeys} file of the pod's lease Secret.
 */
public final class PubkeysAnnotation {
  /**
   * Kubernetes refuses an object whose annotations, names and values together, pass 256 KiB
   * (TotalAnnotationSizeLimitB in its apimachinery validation).
   */
  public static final int KUBERNETES_LIMIT = 256 * 1024;

  /** Valet's own annotations on a pod never take more than this. */
  public static final int VALET_BUDGET = 32 * 1024;

  /**
   * The pod's annotations, with Valet's, stay within half of Kubernetes' limit; the other half is
   * left to the controllers and webhooks that annotate the pod after Valet.
   */
  public static final int POD_BUDGET = KUBERNETES_LIMIT / 2;

  /** The annotation's value when the list is too long for it. */
  public static final String SEE_SECRET = "see-secret:" + LeaseFiles.PUBKEYS;

  private PubkeysAnnotation() {}

  /**
   * The annotation's value.
   *
   * @param pubkeys the lease's public keys in keystore order
   * @param podAnnotations the annotations the pod brings
   * @param otherValetAnnotations the other annotations Valet adds to the pod
   */
  public static String value(
      List<String> pubkeys,
      Map<String, String> podAnnotations,
      Map<String, String> otherValetAnnotations) {
    String list = String.join(",", pubkeys);
    long valet = size(otherValetAnnotations) + entrySize(ValetLabels.PUBKEYS, list);
    long pod = size(podAnnotations) + valet;
    return valet <= VALET_BUDGET && pod <= POD_BUDGET ? list : SEE_SECRET;
  }

  /** The size Kubernetes counts for annotations: the bytes of every name and value. */
  static long size(Map<String, String> annotations) {
    long total = 0;
    for (Map.Entry<String, String> entry : annotations.entrySet()) {
      total += entrySize(entry.getKey(), entry.getValue());
    }
    return total;
  }

  private static long entrySize(String name, String value) {
    return name.getBytes(StandardCharsets.UTF_8).length
        + value.getBytes(StandardCharsets.UTF_8).length;
  }
}
