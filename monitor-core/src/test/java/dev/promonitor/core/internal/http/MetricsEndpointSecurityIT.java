package dev.promonitor.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.testing.Der;
import dev.promonitor.core.testing.TestCertificates;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointSecurityIT {

  /** Made with {@code htpasswd -nbB -C 5 prometheus scrape-me} (Apache's htpasswd 2.4). */
  private static final String HTPASSWD_HASH =
      "$2y$05$8vMFdRxEwOcAT1bobFMCeezkuQJuSSHWL1mQNBghfztSxq4UehsH.";

  @TempDir static Path certificateDirectory;
  private static TestCertificates certificates;

  @TempDir Path directory;
  private MetricsEndpoint endpoint;

  @BeforeAll
  static void generateCertificates() throws IOException, InterruptedException {
    certificates = TestCertificates.generate(certificateDirectory);
  }

  @AfterEach
  void stopEndpoint() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private WebConfig webConfig(String yaml) throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(file, yaml);
    return ConfigLoader.builder()
        .catalog(ExporterCatalog.of())
        .environment(Map.of())
        .build()
        .loadWebConfig(file);
  }

  private String tls(String extra) {
    return "tls_server_config:\n"
        + "  cert_file: " + certificates.file("server.crt") + "\n"
        + "  key_file: " + certificates.file("server.key") + "\n"
        + extra;
  }

  private void start(WebConfig web) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.build("secured_value", "A value behind TLS.").register(registry).set(7);
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            "test",
            web,
            StatusSource.of("async", List::of));
  }

  private URI uri(String scheme, String path) {
    return URI.create(scheme + "://localhost:" + endpoint.address().getPort() + path);
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder()
        .sslContext(context)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<String> get(HttpClient client, URI uri, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scrapeOverTlsWorks() throws Exception {
    start(webConfig(tls("")));

    HttpResponse<String> response =
        get(client(certificates.clientContext(false)), uri("https", "/metrics"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("secured_value 7.0");
  }

  @Test
  void plainHttpToTheTlsPortFails() throws Exception {
    start(webConfig(tls("")));

    assertThatThrownBy(() -> get(HttpClient.newHttpClient(), uri("http", "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void tls13OnlyRefusesATls12Client() throws Exception {
    start(webConfig(tls("  min_version: TLS13\n")));
    SSLContext trusting = certificates.clientContext(false);
    HttpClient tls12Client =
        HttpClient.newBuilder()
            .sslContext(trusting)
            .sslParameters(new SSLParameters(null, new String[] {"TLSv1.2"}))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    assertThatThrownBy(() -> get(tls12Client, uri("https", "/metrics")))
        .isInstanceOf(IOException.class);
    assertThat(get(client(trusting), uri("https", "/metrics")).statusCode()).isEqualTo(200);
  }

  @Test
  void requiredClientCertificateRefusesAClientWithoutOne() throws Exception {
    start(
        webConfig(
            tls(
                "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                    + certificates.file("ca.crt")
                    + "\n")));

    assertThatThrownBy(() -> get(client(certificates.clientContext(false)), uri("https", "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void requiredClientCertificateSignedByTheCaIsAccepted() throws Exception {
    start(
        webConfig(
            tls(
                "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                    + certificates.file("ca.crt")
                    + "\n")));

    HttpResponse<String> response =
        get(client(certificates.clientContext(true)), uri("https", "/metrics"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void clientCertificateOfAnotherCaIsRefused() throws Exception {
    start(
        webConfig(
            tls(
                "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                    + certificates.file("other-ca.crt")
                    + "\n")));

    assertThatThrownBy(() -> get(client(certificates.clientContext(true)), uri("https", "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void requireAnyClientCertAcceptsAnyCertificateButRefusesNone() throws Exception {
    start(webConfig(tls("  client_auth_type: RequireAnyClientCert\n")));

    assertThat(get(client(certificates.clientContext(true)), uri("https", "/metrics")).statusCode())
        .isEqualTo(200);
    assertThatThrownBy(() -> get(client(certificates.clientContext(false)), uri("https", "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void keyOfAnotherCertificateIsAProblemOfTheWebConfig() throws Exception {
    Path file = directory.resolve("web.yml");
    Files.writeString(
        file,
        "tls_server_config:\n  cert_file: " + certificates.file("server.crt")
            + "\n  key_file: " + certificates.file("client.key") + "\n");
    ConfigLoader loader = ConfigLoader.builder().catalog(ExporterCatalog.of()).build();

    assertThatThrownBy(() -> loader.loadWebConfig(file))
        .hasMessage(
            file + ":3:13: tls_server_config.key_file: the private key does not match the"
                + " certificate's public key. Found: \"" + certificates.file("client.key") + "\"");
  }

  @Test
  void pkcs1RsaKeyIsAccepted() throws Exception {
    byte[] pkcs8 = certificates.key("server").getEncoded();
    Path key = directory.resolve("server-pkcs1.key");
    Files.writeString(key, TestCertificates.pem("RSA PRIVATE KEY", Der.innerKey(pkcs8)));
    start(
        webConfig(
            "tls_server_config:\n  cert_file: " + certificates.file("server.crt")
                + "\n  key_file: " + key.getFileName() + "\n"));

    assertThat(get(client(certificates.clientContext(false)), uri("https", "/metrics")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void basicAuthAnswers401WithoutCredentialsOrWithWrongOnes() throws Exception {
    String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
    start(webConfig("basic_auth_users:\n  alice: " + hash + "\n"));
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> none = get(client, uri("http", "/metrics"));
    HttpResponse<String> wrong =
        get(client, uri("http", "/metrics"), "Authorization", basic("alice", "guess"));
    HttpResponse<String> unknown =
        get(client, uri("http", "/-/healthy"), "Authorization", basic("bob", "s3cret"));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"promonitor\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
  }

  @Test
  void basicAuthLetsTheRightCredentialsThroughOnEveryPath() throws Exception {
    String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
    start(webConfig("basic_auth_users:\n  alice: " + hash + "\n"));
    HttpClient client = HttpClient.newHttpClient();

    for (String path : new String[] {"/metrics", "/-/healthy", "/", "/metrics"}) {
      assertThat(
              get(client, uri("http", path), "Authorization", basic("alice", "s3cret"))
                  .statusCode())
          .as(path)
          .isEqualTo(200);
    }
    assertThat(get(client, uri("http", "/nope"), "Authorization", basic("alice", "s3cret")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void htpasswdHashWith2yPrefixIsAccepted() throws Exception {
    start(webConfig("basic_auth_users:\n  prometheus: " + HTPASSWD_HASH + "\n"));

    assertThat(
            get(
                    HttpClient.newHttpClient(),
                    uri("http", "/metrics"),
                    "Authorization",
                    basic("prometheus", "scrape-me"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void basicAuthOverTlsWithHeadersOnEveryResponse() throws Exception {
    start(
        webConfig(
            tls("")
                + "basic_auth_users:\n  prometheus: " + HTPASSWD_HASH + "\n"
                + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                + "    Strict-Transport-Security: max-age=31536000\n"));
    HttpClient client = client(certificates.clientContext(false));

    HttpResponse<String> refused = get(client, uri("https", "/metrics"));
    HttpResponse<String> served =
        get(client, uri("https", "/metrics"), "Authorization", basic("prometheus", "scrape-me"));

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).contains("secured_value 7.0");
    for (HttpResponse<String> response : List.of(refused, served)) {
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("deny");
      assertThat(response.headers().firstValue("Strict-Transport-Security"))
          .hasValue("max-age=31536000");
    }
  }

  /** Opens a TLS 1.2 connection with only {@code suites} enabled and returns the suite agreed. */
  private String handshakeTls12(SSLContext context, String... suites) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", endpoint.address().getPort())) {
      socket.setSoTimeout(30_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      if (suites.length > 0) {
        socket.setEnabledCipherSuites(suites);
      }
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }

  @Test
  void tls12OffersOnlyForwardSecretSuitesByDefault() throws Exception {
    start(webConfig(tls("")));
    SSLContext trusting = certificates.clientContext(false);

    assertThat(handshakeTls12(trusting)).startsWith("TLS_ECDHE_RSA_WITH_").contains("_GCM_");
    assertThatThrownBy(() -> handshakeTls12(trusting, "TLS_RSA_WITH_AES_128_CBC_SHA"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> handshakeTls12(trusting, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void configuredCipherSuitesAreTheOnesOfferedInTheirOrder() throws Exception {
    start(
        webConfig(
            tls("  cipher_suites:\n    - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n"
                + "    - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305\n")));
    SSLContext trusting = certificates.clientContext(false);

    assertThat(handshakeTls12(trusting)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThat(handshakeTls12(trusting, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"))
        .isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    assertThatThrownBy(() -> handshakeTls12(trusting, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void clientAllowedSansAdmitAClientCertificateWithOneOfTheNames() throws Exception {
    start(
        webConfig(
            tls("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: "
                + certificates.file("ca.crt")
                + "\n  client_allowed_sans: [other.example, prometheus.example]\n")));

    assertThat(get(client(certificates.clientContext(true)), uri("https", "/metrics")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void clientAllowedSansRefuseACertificateWithoutTheNames() throws Exception {
    start(
        webConfig(
            tls("  client_auth_type: RequireAnyClientCert\n"
                + "  client_allowed_sans: [other.example, 10.0.0.8]\n")));

    assertThatThrownBy(() -> get(client(certificates.clientContext(true)), uri("https", "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void clientAllowedSansMatchAnIpAddress() throws Exception {
    start(
        webConfig(
            tls("  client_auth_type: RequireAnyClientCert\n"
                + "  client_allowed_sans: [\"10.0.0.7\"]\n")));

    assertThat(get(client(certificates.clientContext(true)), uri("https", "/metrics")).statusCode())
        .isEqualTo(200);
  }
}
