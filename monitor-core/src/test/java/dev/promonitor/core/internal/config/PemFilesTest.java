package dev.promonitor.core.internal.config;

import static dev.promonitor.core.testing.Der.concat;
import static dev.promonitor.core.testing.Der.contents;
import static dev.promonitor.core.testing.Der.elements;
import static dev.promonitor.core.testing.Der.tlv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import dev.promonitor.core.testing.Der;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
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

    PrivateKey read = PemFiles.privateKey(pem("RSA PRIVATE KEY", Der.innerKey(key.getEncoded())));

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
    byte[] sec1 = Der.innerKey(key.getEncoded());

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
}
