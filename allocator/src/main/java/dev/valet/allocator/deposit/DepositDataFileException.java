package dev.valet.allocator.deposit;

/**
 * A deposit data file that cannot be read or does not check out. The message names the entry by its
 * index (from 0) and the field, such as "deposit data entry 2, signature: does not verify for
 * network hoodi (genesis fork version 0x10000910)".
 */
public final class DepositDataFileException extends RuntimeException {

  public DepositDataFileException(String message) {
    super(message);
  }

  static DepositDataFileException atEntry(int index, String field, String problem) {
    return new DepositDataFileException(
        "deposit data entry " + index + ", " + field + ": " + problem);
  }
}
