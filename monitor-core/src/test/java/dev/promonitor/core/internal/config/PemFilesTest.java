package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

  @TempDir Path directory;

  private Path pem(String type, byte[] der) throws IOException {
    Path file = directory.resolve("key.pem");
    Files.writeString(
        file,
        "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END " + type + "-----\n");
    return file;
  }

  private static PrivateKey generate(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else if (algorithm.equals("RSA")) {
      generator.initialize(2048);
    }
    return generator.generateKeyPair().getPrivate();
  }

  @Test
  void pkcs8KeysOfEveryAlgorithmAreRead() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      PrivateKey key = generate(algorithm);

      assertThat(PemFiles.privateKey(pem("PRIVATE KEY", key.getEncoded())).getEncoded())
          .as(algorithm)
          .isEqualTo(key.getEncoded());
    }
  }

  @Test
  void pkcs1RsaKeyIsTheSameKeyAsItsPkcs8Form() throws Exception {
    PrivateKey key = generate("RSA");

    PrivateKey read = PemFiles.privateKey(pem("RSA PRIVATE KEY", elements(key.getEncoded())[2]));

    assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
  }

  @Test
  void sec1EcKeyWithItsNamedCurveIsTheSameKeyAsItsPkcs8Form() throws Exception {
    PrivateKey key = generate("EC");
    byte[][] info = elements(key.getEncoded());
    byte[] curve = elements(tlv(0x30, info[1]))[1];
    byte[] sec1 = info[2];
    byte[] withCurve = tlv(0x30, concat(contents(sec1), tlv(0xa0, curve)));

    PrivateKey read = PemFiles.privateKey(pem("EC PRIVATE KEY", withCurve));

    assertThat(read.getAlgorithm()).isEqualTo("EC");
    assertThat(((ECPrivateKey) read).getS())
        .isEqualTo(((ECPrivateKey) key).getS());
  }

  @Test
  void sec1EcKeyWithoutItsCurveIsRefused() throws Exception {
    PrivateKey key = generate("EC");
    byte[] sec1 = elements(key.getEncoded())[2];

    assertThatThrownBy(() -> PemFiles.privateKey(pem("EC PRIVATE KEY", sec1)))
        .hasMessage("an EC private key without its named curve; use a PKCS#8 PRIVATE KEY");
  }

  @Test
  void encryptedKeyIsRefusedWithAHint() throws Exception {
    assertThatThrownBy(() -> PemFiles.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1})))
        .hasMessage("encrypted private keys are not supported; decrypt it first");
  }

  @Test
  void garbageInsideAPrivateKeyBlockIsReported() throws Exception {
    assertThatThrownBy(() -> PemFiles.privateKey(pem("PRIVATE KEY", new byte[] {0x30, 0x00})))
        .hasMessage("not a valid RSA, EC or Ed25519 private key");
  }

  /** The contents of the elements inside a DER SEQUENCE (for an OCTET STRING: its bytes). */
  private static byte[][] elements(byte[] sequence) {
    byte[] content = contents(sequence);
    List<byte[]> elements = new ArrayList<>();
    int at = 0;
    while (at < content.length) {
      int[] header = header(content, at);
      elements.add(Arrays.copyOfRange(content, header[0], header[0] + header[1]));
      if (content[at] == 0x06) {
        // an OID is kept whole, tag and length included
        elements.set(elements.size() - 1, Arrays.copyOfRange(content, at, header[0] + header[1]));
      }
      at = header[0] + header[1];
    }
    return elements.toArray(new byte[0][]);
  }

  private static byte[] contents(byte[] element) {
    int[] header = header(element, 0);
    return Arrays.copyOfRange(element, header[0], header[0] + header[1]);
  }

  /** {content start, content length}. */
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

  private static byte[] tlv(int tag, byte[] content) {
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

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
