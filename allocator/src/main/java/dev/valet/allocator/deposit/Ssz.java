package dev.valet.allocator.deposit;

import dev.valet.allocator.crypto.Sha256;
import java.util.Arrays;

/**
 * The part of SSZ merkleization that deposits need: hash tree roots of fixed-size byte vectors, of
 * {@code uint64} and of containers whose fields are those.
 *
 * <p>Spec: consensus-specs ssz/simple-serialize.md, "Merkleization". A value is packed into 32-byte
 * chunks (little-endian for integers, the last chunk zero-padded), and the chunks are merkleized:
 * padded with zero chunks to the next power of two and hashed pairwise with SHA-256 up to one root.
 * A container's root merkleizes the roots of its fields in declaration order. Lists, bitfields and
 * unions need mix-ins and limits this class does not implement.
 */
final class Ssz {

  static final int CHUNK = 32;

  private Ssz() {}

  /**
   * hash_tree_root of a {@code ByteVector[N]} (such as {@code BLSPubkey}, {@code Bytes4}):
   * merkleize(pack(value)). A vector of at most 32 bytes is its own zero-padded chunk.
   */
  static byte[] vectorRoot(byte[] value) {
    int chunkCount = Math.max(1, (value.length + CHUNK - 1) / CHUNK);
    byte[][] chunks = new byte[chunkCount][];
    for (int i = 0; i < chunkCount; i++) {
      int from = i * CHUNK;
      chunks[i] = Arrays.copyOfRange(value, from, from + CHUNK);
    }
    return merkleize(chunks);
  }

  /** hash_tree_root of a {@code uint64}: its 8 little-endian bytes in one zero-padded chunk. */
  static byte[] uint64Root(long value) {
    byte[] chunk = new byte[CHUNK];
    System.arraycopy(littleEndian(value), 0, chunk, 0, Long.BYTES);
    return chunk;
  }

  /** hash_tree_root of a container: merkleize the roots of its fields, in declaration order. */
  static byte[] containerRoot(byte[]... fieldRoots) {
    return merkleize(fieldRoots);
  }

  /** The 8-byte little-endian serialization of a {@code uint64}. */
  static byte[] littleEndian(long value) {
    byte[] out = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }

  /**
   * merkleize(chunks) with no limit: pad with zero chunks to the next power of two, then hash pairs
   * until one chunk is left. A single chunk is its own root.
   */
  static byte[] merkleize(byte[]... chunks) {
    if (chunks.length == 0) {
      return new byte[CHUNK];
    }
    int width = Integer.highestOneBit(chunks.length);
    if (width < chunks.length) {
      width <<= 1;
    }
    byte[][] layer = new byte[width][];
    for (int i = 0; i < width; i++) {
      layer[i] = i < chunks.length ? requireChunk(chunks[i]) : new byte[CHUNK];
    }
    while (layer.length > 1) {
      byte[][] parents = new byte[layer.length / 2][];
      for (int i = 0; i < parents.length; i++) {
        parents[i] = Sha256.digest(layer[2 * i], layer[2 * i + 1]);
      }
      layer = parents;
    }
    return layer[0];
  }

  private static byte[] requireChunk(byte[] chunk) {
    if (chunk.length != CHUNK) {
      throw new IllegalArgumentException("an SSZ chunk is 32 bytes, not " + chunk.length);
    }
    return chunk;
  }
}
