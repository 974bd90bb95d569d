package dev.promonitor.core.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Just enough DER to take keys apart and put them together in tests (PKCS#8, PKCS#1, SEC 1). */
public final class Der {

  private Der() {}

  /**
   * The contents of the elements inside a DER SEQUENCE; an OID is kept whole, tag and length
   * included.
   *
   * @param sequence a DER SEQUENCE
   * @return its elements
   */
  public static byte[][] elements(byte[] sequence) {
    byte[] content = contents(sequence);
    List<byte[]> elements = new ArrayList<>();
    int at = 0;
    while (at < content.length) {
      int[] header = header(content, at);
      int from = content[at] == 0x06 ? at : header[0];
      elements.add(Arrays.copyOfRange(content, from, header[0] + header[1]));
      at = header[0] + header[1];
    }
    return elements.toArray(new byte[0][]);
  }

  /**
   * The key inside a PKCS#8 PrivateKeyInfo: PKCS#1 for RSA, SEC 1 for EC.
   *
   * @param pkcs8 the encoded PKCS#8 key
   * @return the inner key
   */
  public static byte[] innerKey(byte[] pkcs8) {
    return elements(pkcs8)[2];
  }

  /**
   * The contents of one DER element.
   *
   * @param element a DER element
   * @return its contents, without tag and length
   */
  public static byte[] contents(byte[] element) {
    int[] header = header(element, 0);
    return Arrays.copyOfRange(element, header[0], header[0] + header[1]);
  }

  /**
   * Encodes one DER element.
   *
   * @param tag the tag
   * @param content its contents, shorter than 64 KiB
   * @return tag, length and contents
   */
  public static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (content.length < 0x80) {
      out.write(content.length);
    } else if (content.length < 0x100) {
      out.write(0x81);
      out.write(content.length);
    } else {
      out.write(0x82);
      out.write(content.length >> 8);
      out.write(content.length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /**
   * Two byte arrays, one after the other.
   *
   * @param first the first
   * @param second the second
   * @return both
   */
  public static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** {content start, content length} of the element at {@code at}. */
  private static int[] header(byte[] der, int at) {
    int length = der[at + 1] & 0xff;
    int start = at + 2;
    if (length > 0x80) {
      int bytes = length - 0x80;
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (der[start + i] & 0xff);
      }
      start += bytes;
    }
    return new int[] {start, length};
  }
}
