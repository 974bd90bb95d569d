package dev.promonitor.core.internal.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32CombineTest {

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }

  @Test
  void theCombinedCrcIsTheCrcOfBothSequencesOneAfterTheOther() {
    Random random = new Random(15);
    for (int length : new int[] {0, 1, 2, 7, 64, 1_000, 65_537, 1_000_003}) {
      byte[] bytes = new byte[length + 333];
      random.nextBytes(bytes);

      long combined = Crc32Combine.combine(crc(bytes, 0, 333), crc(bytes, 333, length), length);

      assertThat(combined).as("second part of %d bytes", length).isEqualTo(crc(bytes, 0, bytes.length));
    }
  }

  @Test
  void nothingAfterwardsKeepsTheFirstCrc() {
    assertThat(Crc32Combine.combine(0x1234_5678L, 0, 0)).isEqualTo(0x1234_5678L);
  }
}
