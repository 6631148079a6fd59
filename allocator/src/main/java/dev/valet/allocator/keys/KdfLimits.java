package dev.valet.allocator.keys;

/**
 * Upper bounds on the KDF work a keystore from elsewhere may ask for, checked before the KDF runs,
 * so that a hostile file cannot exhaust memory or CPU.
 *
 * <p>They admit EIP-2335's parameters (scrypt n=2^18 r=8 p=1: 256 MiB; pbkdf2 c=2^18) with room to
 * spare.
 */
final class KdfLimits {

  static final int MAX_SCRYPT_N = 1 << 20;
  static final long MAX_SCRYPT_MEMORY_BYTES = 256L << 20;
  static final long MAX_SCRYPT_WORK = 1L << 22;
  static final int MAX_PBKDF2_ITERATIONS = 10_000_000;

  private KdfLimits() {}

  static void requireAffordable(KdfParameters parameters) {
    switch (parameters) {
      case KdfParameters.Scrypt s -> requireAffordable(s);
      case KdfParameters.Pbkdf2 p -> {
        if (p.c() > MAX_PBKDF2_ITERATIONS) {
          throw new KeystoreException(
              "crypto.kdf.params.c is "
                  + p.c()
                  + "; at most "
                  + MAX_PBKDF2_ITERATIONS
                  + " iterations are accepted");
        }
      }
    }
  }

  private static void requireAffordable(KdfParameters.Scrypt s) {
    if (s.n() > MAX_SCRYPT_N) {
      throw new KeystoreException(
          "crypto.kdf.params.n is " + s.n() + "; at most " + MAX_SCRYPT_N + " is accepted");
    }
    // scrypt's ROMix holds n blocks of 128 * r bytes at once.
    long memory = 128L * s.r() * s.n();
    if (memory > MAX_SCRYPT_MEMORY_BYTES) {
      throw new KeystoreException(
          "crypto.kdf.params n and r need "
              + (memory >> 20)
              + " MiB; at most "
              + (MAX_SCRYPT_MEMORY_BYTES >> 20)
              + " MiB is accepted");
    }
    long work = (long) s.n() * s.r() * s.p();
    if (work > MAX_SCRYPT_WORK) {
      throw new KeystoreException(
          "crypto.kdf.params n * r * p is "
              + work
              + "; at most "
              + MAX_SCRYPT_WORK
              + " is accepted");
    }
  }
}
