package dev.valet.allocator.admin;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Deposits as operators see them, read from wherever deposits are recorded. The admin endpoint
 * lists deposits, shows each key's deposit state and counts a pool's deposits by state through this
 * interface; a Valet built without deposit tracking has no implementation, and the endpoint then
 * says that deposits are not tracked rather than showing made-up states.
 */
public interface DepositReads {

  /** Every state a deposit can be in: the values a state filter allows. */
  List<String> states();

  /** Deposits in the order the implementation defines, one page at a time. */
  Future<Page<DepositView>> list(DepositFilter filter, PageRequest page);

  /** The deposit state of each of these keys that has one, by key id. */
  Future<Map<Long, String>> statesOf(List<Long> keyIds);

  /** How many deposits each pool has in each state: pool, then state, then count. */
  Future<Map<String, Map<String, Long>>> countsByPool();
}
