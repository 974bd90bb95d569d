package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.ExporterCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigLoaderTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.builder()
          .catalog(ExporterCatalog.of())
          .environment(Map.of("HASH", "$2y$05$8vMFdRxEwOcAT1bobFMCeezkuQJuSSHWL1mQNBghfztSxq4UehsH."))
          .build();

  @TempDir Path directory;

  private Path write(String yaml) throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private List<String> problemsOf(String yaml) throws IOException {
    Path file = write(yaml);
    try {
      LOADER.loadWebConfig(file);
    } catch (ConfigException e) {
      return e.problems().stream()
          .map(ConfigProblem::toString)
          .map(line -> line.replace(file.toString(), "web.yml"))
          .map(line -> line.replace(directory.toString(), "DIR"))
          .toList();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  @Test
  void basicAuthAndHeadersAreRead() throws IOException {
    WebConfig web =
        LOADER.loadWebConfig(
            write(
                """
                basic_auth_users:
                  prometheus: ${HASH}
                http_server_config:
                  headers:
                    X-Content-Type-Options: nosniff
                """));

    assertThat(web.tls()).isEmpty();
    assertThat(web.basicAuthUsers())
        .containsExactly(
            Map.entry("prometheus", "$2y$05$8vMFdRxEwOcAT1bobFMCeezkuQJuSSHWL1mQNBghfztSxq4UehsH."));
    assertThat(web.headers()).containsExactly(Map.entry("X-Content-Type-Options", "nosniff"));
    assertThat(web.toString())
        .isEqualTo(
            "WebConfig[source=" + directory.resolve("web.yml") + ", tls=none,"
                + " basicAuthUsers=[prometheus], headers=[X-Content-Type-Options]]");
  }

  @Test
  void missingCertificateFileIsReportedWithItsPath() throws IOException {
    assertThat(problemsOf("tls_server_config:\n  cert_file: /x\n  key_file: server.key\n"))
        .containsExactly(
            "web.yml:2:14: tls_server_config.cert_file: file not found. Found: \"/x\"",
            "web.yml:3:13: tls_server_config.key_file: file not found. Found: \"server.key\"");
  }

  @Test
  void certificateAndKeyAreRequired() throws IOException {
    assertThat(problemsOf("tls_server_config:\n  min_version: TLS13\n"))
        .containsExactly(
            "web.yml:2:3: tls_server_config: missing required key 'cert_file'",
            "web.yml:2:3: tls_server_config: missing required key 'key_file'");
  }

  @Test
  void fileThatIsNotPemIsReported() throws IOException {
    Files.writeString(directory.resolve("server.crt"), "not a certificate\n");
    Files.writeString(directory.resolve("server.key"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

    assertThat(problemsOf("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"))
        .containsExactly(
            "web.yml:2:14: tls_server_config.cert_file: no PEM certificate (-----BEGIN"
                + " CERTIFICATE-----) in the file. Found: \"server.crt\"",
            "web.yml:3:13: tls_server_config.key_file: no PEM private key (PRIVATE KEY, RSA"
                + " PRIVATE KEY or EC PRIVATE KEY) in the file. Found: \"server.key\"");
  }

  @Test
  void clientAuthValuesAndVersionsAreChecked() throws IOException {
    assertThat(
            problemsOf(
                """
                tls_server_config:
                  cert_file: /x
                  key_file: /y
                  client_auth_type: RequireClientCert
                  min_version: TLS1.3
                  max_version: TLS11
                """))
        .containsExactly(
            "web.yml:2:14: tls_server_config.cert_file: file not found. Found: \"/x\"",
            "web.yml:3:13: tls_server_config.key_file: file not found. Found: \"/y\"",
            "web.yml:4:21: tls_server_config.client_auth_type: expecting one of: NoClientCert,"
                + " RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven,"
                + " RequireAndVerifyClientCert. Found: \"RequireClientCert\"",
            "web.yml:5:16: tls_server_config.min_version: expecting one of: TLS12, TLS13."
                + " Found: \"TLS1.3\"",
            "web.yml:6:16: tls_server_config.max_version: TLS11 is not allowed by this JVM (see"
                + " jdk.tls.disabledAlgorithms in its java.security); expecting one of: TLS12, TLS13."
                + " Found: \"TLS11\"");
  }

  @Test
  void aVersionTheJvmDoesNotAllowIsAnErrorNotSilentlyRaised() throws IOException {
    assertThat(problemsOf("tls_server_config:\n  min_version: TLS10\n  max_version: TLS12\n"))
        .contains(
            "web.yml:2:16: tls_server_config.min_version: TLS10 is not allowed by this JVM (see"
                + " jdk.tls.disabledAlgorithms in its java.security); expecting one of: TLS12, TLS13."
                + " Found: \"TLS10\"");
  }

  @Test
  void cipherSuitesTheJvmDoesNotOfferAreReportedWithTheirIndex() throws IOException {
    List<String> problems =
        problemsOf(
            "tls_server_config:\n  cipher_suites:\n    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
                + "    - TLS_RSA_WITH_RC4_128_SHA\n");

    assertThat(problems)
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "web.yml:4:7: tls_server_config.cipher_suites[1]: not a TLS 1.2 cipher suite"
                            + " this JVM offers; expecting one of: ")
                    .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                    .endsWith("Found: \"TLS_RSA_WITH_RC4_128_SHA\""));
    assertThat(problems).noneMatch(problem -> problem.contains("cipher_suites[0]"));
  }

  @Test
  void clientAllowedSansNeedAPolicyThatRequiresACertificate() throws IOException {
    assertThat(
            problemsOf(
                "tls_server_config:\n  client_auth_type: RequestClientCert\n"
                    + "  client_allowed_sans: [prometheus.example]\n"))
        .contains(
            "web.yml:3:24: tls_server_config.client_allowed_sans: needs client_auth_type"
                + " RequireAndVerifyClientCert or RequireAnyClientCert: with RequestClientCert a"
                + " client may send no certificate, and no name. Found: [\"prometheus.example\"]");
  }

  @Test
  void verifyingClientsNeedsACaAndACaNeedsAPolicy() throws IOException {
    assertThat(
            problemsOf(
                "tls_server_config:\n  cert_file: /x\n  key_file: /y\n"
                    + "  client_auth_type: RequireAndVerifyClientCert\n"))
        .contains(
            "web.yml:4:21: tls_server_config.client_auth_type: needs client_ca_file, the CA that"
                + " client certificates are verified against. Found: \"RequireAndVerifyClientCert\"");
    assertThat(
            problemsOf("tls_server_config:\n  cert_file: /x\n  key_file: /y\n  client_ca_file: /z\n"))
        .contains(
            "web.yml:4:19: tls_server_config.client_ca_file: is set, but client_auth_type is"
                + " NoClientCert (its default); set client_auth_type to RequireAndVerifyClientCert"
                + " or VerifyClientCertIfGiven. Found: \"/z\"");
  }

  @Test
  void unknownKeysAreReportedWithASuggestion() throws IOException {
    assertThat(problemsOf("tls_server_config:\n  cert_flie: /x\n  key_file: /y\nbasic_auth: {}\n"))
        .containsExactly(
            "web.yml:2:3: tls_server_config.cert_flie: unknown key; expecting one of: cert_file,"
                + " cipher_suites, client_allowed_sans, client_auth_type, client_ca_file, key_file,"
                + " max_version, min_version, prefer_server_cipher_suites. Did you mean 'cert_file'?"
                + " Found: \"/x\"",
            "web.yml:3:13: tls_server_config.key_file: file not found. Found: \"/y\"",
            "web.yml:4:1: basic_auth: unknown key; expecting one of: basic_auth_users,"
                + " http_server_config, rate_limit, tls_server_config. Did you mean"
                + " 'basic_auth_users'? Found: {}");
  }

  @Test
  void invalidHashIsReportedWithoutShowingIt() throws IOException {
    assertThat(problemsOf("basic_auth_users:\n  alice: plain-password\n  \"a:b\": x\n"))
        .containsExactly(
            "web.yml:2:10: basic_auth_users.alice: expecting a bcrypt hash ($2a$, $2b$ or $2y$),"
                + " as htpasswd -nB alice makes it. Found: ****",
            "web.yml:3:3: basic_auth_users.a:b: a user name must not be empty nor contain ':'."
                + " Found: \"x\"");
  }

  @Test
  void onlyExporterToolkitsHeadersCanBeSet() throws IOException {
    assertThat(
            problemsOf(
                """
                http_server_config:
                  headers:
                    Content-Type: text/plain
                    X-Frame-Options: allow
                """))
        .containsExactly(
            "web.yml:3:5: http_server_config.headers.Content-Type: this header cannot be set;"
                + " expecting one of: Content-Security-Policy, Strict-Transport-Security,"
                + " X-Content-Type-Options, X-Frame-Options, X-XSS-Protection. Found:"
                + " \"text/plain\"",
            "web.yml:4:22: http_server_config.headers.X-Frame-Options: expecting one of: deny,"
                + " sameorigin. Found: \"allow\"");
  }

  @Test
  void emptyFileAndDuplicateKeysAreReported() throws IOException {
    assertThat(problemsOf(""))
        .containsExactly(
            "web.yml: expecting a mapping with tls_server_config, basic_auth_users,"
                + " http_server_config or rate_limit");
    assertThat(problemsOf("basic_auth_users:\n  a: ${HASH}\n  a: ${HASH}\n"))
        .containsExactly("web.yml:3:3: basic_auth_users.a: duplicate key; first written at line 2");
  }

  @Test
  void rateLimitIsReadAsExporterToolkitWritesIt() throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(file, "rate_limit:\n  interval: 1m30s\n  burst: 5\n");

    WebConfig web = LOADER.loadWebConfig(file);

    assertThat(web.rateLimit()).contains(new WebConfig.RateLimit(Duration.ofSeconds(90), 5));
  }

  @Test
  void rateLimitWithAZeroIntervalIsOff() throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(file, "rate_limit:\n  interval: 0s\n  burst: 0\n");

    assertThat(LOADER.loadWebConfig(file).rateLimit()).isEmpty();
  }

  @Test
  void badRateLimitsAreReportedWithTheirLines() throws IOException {
    assertThat(problemsOf("rate_limit:\n  interval: often\n  burst: 5\n"))
        .containsExactly(
            "web.yml:2:13: rate_limit.interval: expecting a duration such as 1s, 250ms or 1m30s."
                + " Found: \"often\"");
    assertThat(problemsOf("rate_limit:\n  interval: 1s\n  burst: 0\n"))
        .containsExactly(
            "web.yml:3:10: rate_limit.burst: expecting value > 0 when interval is set (with 0"
                + " every request would be refused). Found: 0");
  }

  @Test
  void missingFileIsReported() {
    Path file = directory.resolve("absent.yml");
    try {
      LOADER.loadWebConfig(file);
      throw new AssertionError("expected a problem");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo(file + ": the web config file does not exist");
    }
  }

  @Test
  void aConfigFileIsLoadedWithTheWebConfigFileItNames() throws IOException {
    write("http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n");
    Path config = Files.writeString(directory.resolve("config.yml"), "app:\n  web_config_file: web.yml\n");

    MonitorConfig loaded = LOADER.load(config);

    assertThat(loaded.hasWebConfig()).isTrue();
    assertThat(loaded.webConfig().source()).isEqualTo(directory.resolve("web.yml").toString());
    assertThat(loaded.webConfig().headers()).containsExactly(Map.entry("X-Content-Type-Options", "nosniff"));
  }

  @Test
  void aConfigWithoutWebConfigFileHasNone() throws IOException {
    Path config = Files.writeString(directory.resolve("config.yml"), "exporters: []\n");

    MonitorConfig loaded = LOADER.load(config);

    assertThat(loaded.hasWebConfig()).isFalse();
    assertThat(loaded.webConfig()).isSameAs(WebConfig.none());
  }

  @Test
  void aBrokenWebConfigOfAValidConfigIsAWebConfigException() throws IOException {
    Path web = write("basic_auth_users:\n  a: b\n");
    Path config = Files.writeString(directory.resolve("config.yml"), "app:\n  web_config_file: web.yml\n");

    assertThatThrownBy(() -> LOADER.load(config))
        .isInstanceOf(WebConfigException.class)
        .hasMessage(
            web
                + ":2:6: basic_auth_users.a: expecting a bcrypt hash ($2a$, $2b$ or $2y$), as"
                + " htpasswd -nB a makes it. Found: ****");
  }

  @Test
  void theLoadersWebConfigFileReplacesTheConfigsAndItsProblemsJoinTheConfigs() throws IOException {
    Path web = write("basic_auth_users:\n  a: b\n");
    Path config =
        Files.writeString(
            directory.resolve("config.yml"), "app:\n  threads: 0\n  web_config_file: elsewhere.yml\n");
    ConfigLoader loader = ConfigLoader.builder().catalog(ExporterCatalog.of()).webConfigFile(web).build();

    assertThatThrownBy(() -> loader.load(config))
        .isExactlyInstanceOf(ConfigException.class)
        .hasMessage(
            "2 problems in the config:\n"
                + "  " + config + ":2:12: app.threads: expecting value > 0. Found: 0\n"
                + "  " + web + ":2:6: basic_auth_users.a: expecting a bcrypt hash ($2a$, $2b$ or"
                + " $2y$), as htpasswd -nB a makes it. Found: ****");
  }
}
