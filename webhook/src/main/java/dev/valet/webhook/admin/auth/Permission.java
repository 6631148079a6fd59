package dev.valet.webhook.admin.auth;

/**
 * What a request to the admin endpoint needs: a verb on a virtual resource of the API group {@value
 * #GROUP}. No such resource exists in the cluster; in a cluster, RBAC rules that name it decide who
 * may look and who may act, through a SubjectAccessReview in Valet's own namespace.
 *
 * @param verb {@code list} and {@code get} for reads, {@code release}, {@code retire} and {@code
 *     export} for actions
 * @param resource {@code pools}, {@code keys}, {@code leases}, {@code deposits}, {@code events} or
 *     {@code metrics}
 */
public record Permission(String verb, String resource) {
  public static final String GROUP = "valet.dev";

  public static final Permission LIST_POOLS = new Permission("list", "pools");
  public static final Permission GET_POOLS = new Permission("get", "pools");
  public static final Permission LIST_KEYS = new Permission("list", "keys");
  public static final Permission GET_KEYS = new Permission("get", "keys");
  public static final Permission RETIRE_KEYS = new Permission("retire", "keys");
  public static final Permission LIST_LEASES = new Permission("list", "leases");
  public static final Permission GET_LEASES = new Permission("get", "leases");
  public static final Permission RELEASE_LEASES = new Permission("release", "leases");
  public static final Permission LIST_DEPOSITS = new Permission("list", "deposits");
  public static final Permission EXPORT_DEPOSITS = new Permission("export", "deposits");
  public static final Permission LIST_EVENTS = new Permission("list", "events");
  public static final Permission GET_METRICS = new Permission("get", "metrics");

  @Override
  public String toString() {
    return verb + " " + resource + "." + GROUP;
  }
}
