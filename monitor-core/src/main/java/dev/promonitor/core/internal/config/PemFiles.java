package dev.promonitor.core.internal.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys with the JDK alone, in the forms exporter-toolkit (Go's
 * {@code tls.X509KeyPair}) accepts: PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519), PKCS#1
 * {@code RSA PRIVATE KEY} and SEC 1 {@code EC PRIVATE KEY}.
 */
final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  /** The DER AlgorithmIdentifier of rsaEncryption with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
    0x01, 0x05, 0x00
  };

  /** The DER OID of id-ecPublicKey. */
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemFiles() {}

  /** A file that cannot be used; the message completes "cert_file: ...". */
  static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    PemException(String message) {
      super(message, null, false, false);
    }
  }

  /** The certificates of a PEM file, in order: the leaf first for a chain. */
  static List<X509Certificate> certificates(Path file) throws IOException, PemException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher matcher = BLOCK.matcher(text);
      while (matcher.find()) {
        if (!matcher.group(1).equals("CERTIFICATE")) {
          continue;
        }
        certificates.add(
            (X509Certificate)
                factory.generateCertificate(new ByteArrayInputStream(decode(matcher.group(2)))));
      }
    } catch (CertificateException e) {
      throw new PemException("not a valid PEM certificate: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new PemException("no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }
    return certificates;
  }

  /** The first private key of a PEM file. */
  static PrivateKey privateKey(Path file) throws IOException, PemException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      String type = matcher.group(1);
      byte[] der = decode(matcher.group(2));
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der);
        case "RSA PRIVATE KEY":
          return pkcs8(sequence(integerZero(), RSA_ALGORITHM, octetString(der)));
        case "EC PRIVATE KEY":
          return pkcs8(
              sequence(integerZero(), sequence(EC_PUBLIC_KEY_OID, curveOf(der)), octetString(der)));
        case "ENCRYPTED PRIVATE KEY":
          throw new PemException("encrypted private keys are not supported; decrypt it first");
        default:
          // certificates or parameters beside the key
      }
    }
    throw new PemException(
        "no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in the file");
  }

  /** Checks that {@code key} belongs to {@code certificate} by signing and verifying. */
  static void checkPair(PrivateKey key, X509Certificate certificate) throws PemException {
    PublicKey publicKey = certificate.getPublicKey();
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] data = "promonitor".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(data);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: no match either
    }
    throw new PemException("the private key does not match the certificate's public key");
  }

  private static PrivateKey pkcs8(byte[] der) throws PemException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new PemException("not a valid RSA, EC or Ed25519 private key");
  }

  private static byte[] decode(String base64) throws PemException {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new PemException("not valid PEM: " + e.getMessage());
    }
  }

  /** The named curve OID in the {@code [0]} parameters of a SEC 1 ECPrivateKey. */
  private static byte[] curveOf(byte[] sec1) throws PemException {
    try {
      int[] outer = header(sec1, 0);
      int at = outer[1];
      int end = outer[1] + outer[2];
      while (at < end) {
        int[] element = header(sec1, at);
        if ((sec1[at] & 0xff) == 0xa0) {
          int[] oid = header(sec1, element[1]);
          byte[] curve = new byte[oid[1] - element[1] + oid[2]];
          System.arraycopy(sec1, element[1], curve, 0, curve.length);
          return curve;
        }
        at = element[1] + element[2];
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new PemException("not a valid EC private key");
    }
    throw new PemException("an EC private key without its named curve; use a PKCS#8 PRIVATE KEY");
  }

  /** {tag, content start, content length} of the DER element at {@code at}. */
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
    return new int[] {der[at] & 0xff, start, length};
  }

  private static byte[] integerZero() {
    return new byte[] {0x02, 0x01, 0x00};
  }

  private static byte[] octetString(byte[] content) {
    return element(0x04, content);
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return element(0x30, content.toByteArray());
  }

  private static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write((length >> 8) & 0xff);
      out.write(length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
