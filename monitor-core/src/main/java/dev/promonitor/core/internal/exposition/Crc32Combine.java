package dev.promonitor.core.internal.exposition;

/**
 * The CRC-32 of two byte sequences one after the other, from the CRC-32 of each and the length of
 * the second, as zlib's {@code crc32_combine} computes it (by powers of the operator that appends
 * a zero byte, over GF(2)); the JDK's {@code CRC32} does not offer it.
 */
final class Crc32Combine {

  private static final int GF2_DIM = 32;
  /** The reversed CRC-32 polynomial. */
  private static final long POLYNOMIAL = 0xedb88320L;

  private Crc32Combine() {}

  /**
   * The CRC-32 of {@code first} followed by {@code second}.
   *
   * @param crc1 the CRC-32 of the first sequence
   * @param crc2 the CRC-32 of the second sequence
   * @param length2 the second sequence's length
   * @return the CRC-32 of both
   */
  static long combine(long crc1, long crc2, long length2) {
    if (length2 <= 0) {
      return crc1;
    }
    long[] even = new long[GF2_DIM];
    long[] odd = new long[GF2_DIM];
    odd[0] = POLYNOMIAL; // the operator for one zero bit
    long row = 1;
    for (int n = 1; n < GF2_DIM; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crc1;
    long length = length2;
    do {
      square(even, odd); // the first pass makes the operator for one zero byte
      if ((length & 1) != 0) {
        crc = times(even, crc);
      }
      length >>= 1;
      if (length == 0) {
        break;
      }
      square(odd, even);
      if ((length & 1) != 0) {
        crc = times(odd, crc);
      }
      length >>= 1;
    } while (length != 0);
    return (crc ^ crc2) & 0xffffffffL;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    int i = 0;
    long rest = vector;
    while (rest != 0) {
      if ((rest & 1) != 0) {
        sum ^= matrix[i];
      }
      rest >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < GF2_DIM; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }
}
