package dev.valet.allocator.lease;

/** The answer to an allocation: a lease, or a refusal that says why and what to change. */
public sealed interface Allocation {

  /**
   * Keys were assigned.
   *
   * @param lease the lease
   * @param existing true when the request uid already had this lease (a retry)
   * @param reused how many of the keys had been leased before
   * @param created how many keys were created for this lease
   */
  record Granted(Lease lease, boolean existing, int reused, int created) implements Allocation {}

  /**
   * Nothing was assigned.
   *
   * @param reason what an operator can act on
   */
  record Refused(String reason) implements Allocation {}
}
