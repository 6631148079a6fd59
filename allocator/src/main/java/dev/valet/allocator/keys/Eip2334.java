package dev.valet.allocator.keys;

/** EIP-2334 paths of validator keys: m / purpose / coin_type / account / use. */
public final class Eip2334 {

  /** EIP-2334 purpose: the EIP-2333 key tree of BLS12-381. */
  public static final int PURPOSE = 12381;

  /** EIP-2334 coin_type of Ethereum. */
  public static final int COIN_TYPE = 3600;

  private Eip2334() {}

  /** The signing key of validator {@code index}: "m/12381/3600/index/0/0". */
  public static String validatorSigningPath(long index) {
    return validatorWithdrawalPath(index) + "/0";
  }

  /** The withdrawal key of validator {@code index}: "m/12381/3600/index/0". */
  public static String validatorWithdrawalPath(long index) {
    DerivationPath.requireIndex(index);
    return "m/" + PURPOSE + "/" + COIN_TYPE + "/" + index + "/0";
  }
}
