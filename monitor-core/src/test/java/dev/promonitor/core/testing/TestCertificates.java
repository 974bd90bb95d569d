package dev.promonitor.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes a CA, a server certificate for {@code localhost} and {@code 127.0.0.1}, and a client
 * certificate, all signed by the CA, with the JDK's {@code keytool} (there on every machine with
 * a JDK), and writes them as PEM files the way exporter-toolkit users have them.
 */
public final class TestCertificates {

  private static final String PASSWORD = "changeit";

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * Generates everything in {@code directory}: {@code ca.crt}, {@code server.crt},
   * {@code server.key} (PKCS#8), {@code client.crt}, {@code client.key}, {@code other-ca.crt}.
   *
   * @param directory an empty directory
   * @return the certificates
   */
  public static TestCertificates generate(Path directory) throws IOException, InterruptedException {
    TestCertificates certificates = new TestCertificates(directory);
    certificates.make();
    return certificates;
  }

  private void make() throws IOException, InterruptedException {
    keyPair("ca", "CN=promonitor test CA", "EC", "-ext", "bc:c");
    keyPair("other-ca", "CN=another CA", "EC", "-ext", "bc:c");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.crt");
    keytool(
        "-exportcert", "-rfc", "-alias", "other-ca", "-keystore", "other-ca.p12", "-file",
        "other-ca.crt");
    signed("server", "CN=localhost", "RSA", "san=dns:localhost,ip:127.0.0.1");
    signed("client", "CN=prometheus", "EC", "eku=clientAuth", "san=dns:prometheus.example,ip:10.0.0.7");
  }

  private void keyPair(String alias, String name, String algorithm, String... extra)
      throws IOException, InterruptedException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-genkeypair", "-alias", alias, "-keyalg", algorithm, "-dname", name,
                "-validity", "2", "-keystore", alias + ".p12", "-storetype", "PKCS12"));
    if (algorithm.equals("RSA")) {
      arguments.addAll(List.of("-keysize", "2048"));
    }
    arguments.addAll(List.of(extra));
    keytool(arguments.toArray(new String[0]));
  }

  private void signed(String alias, String name, String algorithm, String... extensions)
      throws IOException, InterruptedException {
    keyPair(alias, name, algorithm);
    keytool("-certreq", "-alias", alias, "-keystore", alias + ".p12", "-file", alias + ".csr");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", alias + ".csr",
                "-outfile", alias + ".crt", "-validity", "2"));
    for (String extension : extensions) {
      arguments.add("-ext");
      arguments.add(extension);
    }
    keytool(arguments.toArray(new String[0]));
    try {
      Files.writeString(directory.resolve(alias + ".key"), pem("PRIVATE KEY", key(alias).getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
    }
  }

  /** A PEM block of {@code der}. */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** The private key of {@code alias} (server, client, ca). */
  public PrivateKey key(String alias) throws IOException, GeneralSecurityException {
    return (PrivateKey) store(alias).getKey(alias, PASSWORD.toCharArray());
  }

  /** A file of the set, such as {@code server.crt}. */
  public Path file(String name) {
    return directory.resolve(name);
  }

  /** A client context that trusts the CA, optionally presenting the client certificate. */
  public SSLContext clientContext(boolean withCertificate)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", certificate("ca.crt"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    if (!withCertificate) {
      context.init(null, trust.getTrustManagers(), null);
      return context;
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "client",
        key("client"),
        PASSWORD.toCharArray(),
        new Certificate[] {certificate("client.crt"), certificate("ca.crt")});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD.toCharArray());
    context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private X509Certificate certificate(String name) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(directory.resolve(name))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private KeyStore store(String alias) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve(alias + ".p12"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }
}
