package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.config.WebConfig.ClientAuth;
import dev.promonitor.core.internal.http.TlsEngines;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads an exporter-toolkit web config file ({@code tls_server_config}, {@code basic_auth_users},
 * {@code http_server_config.headers}) with the machinery of the main config, so that its problems
 * read the same: {@code web.yml:4:3: tls_server_config.cert_file: file not found. Found: "/x"}.
 */
public final class WebConfigReader {

  private static final JsonPointer TLS = JsonPointer.compile("/tls_server_config");
  private static final JsonPointer HTTP = JsonPointer.compile("/http_server_config");
  private static final JsonPointer USERS = JsonPointer.compile("/basic_auth_users");
  private static final JsonPointer RATE_LIMIT = JsonPointer.compile("/rate_limit");

  /** A Go duration as exporter-toolkit reads it: {@code 1s}, {@code 250ms}, {@code 1m30s}. */
  private static final Pattern GO_DURATION =
      Pattern.compile("(?:(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h))+");

  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** A bcrypt hash as {@code htpasswd -B} and Go's bcrypt write it. */
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$[0-3][0-9]\\$[./A-Za-z0-9]{53}");

  /**
   * The headers exporter-toolkit lets a web config set, with their allowed values where it
   * restricts them (any value where the list is empty).
   */
  private static final Map<String, List<String>> SETTABLE_HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  private static final Map<String, String> TLS_VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  private static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** Go's older names of two suites, and their IANA (and JSSE) names. */
  private static final Map<String, String> GO_CIPHER_ALIASES =
      Map.of(
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

  private final Function<String, @Nullable String> environment;
  private final ConfigBinder binder = new ConfigBinder();

  /**
   * Creates a reader.
   *
   * @param environment the value of an environment variable, {@code null} when it is not set
   */
  public WebConfigReader(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  /** The top level of a web config file. */
  record Web(
      @Nullable JsonNode tlsServerConfig,
      @Nullable Map<String, String> basicAuthUsers,
      @Nullable JsonNode httpServerConfig,
      @Nullable JsonNode rateLimit) {}

  /** {@code rate_limit}. */
  record RateLimit(@Nullable String interval, @Nullable Integer burst) {}

  /** {@code tls_server_config}. */
  record Tls(
      @Nullable String certFile,
      @Nullable String keyFile,
      @Nullable String clientCaFile,
      @Nullable String clientAuthType,
      @Nullable String minVersion,
      @Nullable String maxVersion,
      @Nullable List<String> cipherSuites,
      @Nullable Boolean preferServerCipherSuites,
      @Nullable List<String> clientAllowedSans) {}

  /** {@code http_server_config}. */
  record Http(@Nullable Map<String, String> headers) {}

  /**
   * Reads a web config file; relative paths in it start from its directory.
   *
   * @param file the file, named in messages as given
   * @return the web config
   * @throws ConfigException with every problem found
   */
  public WebConfig load(Path file) {
    String source = file.toString();
    ConfigFiles.checkSuffix(source);
    YamlDocumentReader.Result result =
        ConfigFiles.read(
            file, "web config file", source, ConfigFiles.TopLevel.WEB_CONFIG, environment);
    Path directory = ConfigFiles.directoryOf(file);
    SourceDocument document = result.document();
    if (document == null) {
      throw new ConfigException(result.problems());
    }
    Problems problems = new Problems(document, result.valueProblems());
    Web web = binder.bind(document.root(), JsonPointer.empty(), Web.class, problems);
    WebConfig.Builder builder = WebConfig.builder().source(source);
    if (web != null) {
      readTls(web.tlsServerConfig(), directory, problems, builder);
      readUsers(web.basicAuthUsers(), problems, builder);
      readHttp(web.httpServerConfig(), problems, builder);
      readRateLimit(web.rateLimit(), problems, builder);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
    return builder.build();
  }

  private void readTls(
      @Nullable JsonNode section, Path directory, Problems problems, WebConfig.Builder builder) {
    if (section == null || section.isNull()) {
      return;
    }
    int before = problems.count();
    Tls tls = binder.bind(section, TLS, Tls.class, problems);
    if (tls == null) {
      return;
    }
    // A misspelt key is reported as unknown, with a suggestion, rather than also as missing.
    boolean keysAreKnown = problems.count() == before;
    if (tls.certFile() == null && keysAreKnown) {
      problems.addWithoutFound(TLS, "missing required key 'cert_file'");
    }
    if (tls.keyFile() == null && keysAreKnown) {
      problems.addWithoutFound(TLS, "missing required key 'key_file'");
    }
    ClientAuth clientAuth = ClientAuth.NO_CLIENT_CERT;
    if (tls.clientAuthType() != null) {
      clientAuth =
          AppSectionReader.named(
                  tls.clientAuthType(),
                  TLS.appendProperty("client_auth_type"),
                  ClientAuth.values(),
                  ClientAuth::configValue,
                  problems)
              .orElse(ClientAuth.NO_CLIENT_CERT);
    }
    if (clientAuth.verifies() && tls.clientCaFile() == null) {
      problems.add(
          TLS.appendProperty("client_auth_type"),
          "needs client_ca_file, the CA that client certificates are verified against");
    }
    if (tls.clientCaFile() != null && clientAuth == ClientAuth.NO_CLIENT_CERT) {
      problems.add(
          TLS.appendProperty("client_ca_file"),
          "is set, but client_auth_type is NoClientCert (its default); set client_auth_type to"
              + " RequireAndVerifyClientCert or VerifyClientCertIfGiven");
    }
    Set<String> allowed = TlsEngines.allowedProtocols();
    String minVersion = version(tls.minVersion(), "min_version", "TLS12", allowed, problems);
    String maxVersion = version(tls.maxVersion(), "max_version", "TLS13", allowed, problems);
    if (VERSION_ORDER.indexOf(minVersion) > VERSION_ORDER.indexOf(maxVersion)) {
      problems.add(TLS.appendProperty("max_version"), "must not be lower than min_version");
    }
    List<String> cipherSuites = cipherSuites(tls.cipherSuites(), problems);
    List<String> allowedSans = tls.clientAllowedSans() == null ? List.of() : tls.clientAllowedSans();
    if (!allowedSans.isEmpty() && !clientAuth.requiresCertificate()) {
      problems.add(
          TLS.appendProperty("client_allowed_sans"),
          "needs client_auth_type RequireAndVerifyClientCert or RequireAnyClientCert: with "
              + clientAuth.configValue() + " a client may send no certificate, and no name");
    }
    List<X509Certificate> chain =
        existing(tls.certFile(), "cert_file", directory, problems)
            .flatMap(path -> certificates(path, "cert_file", problems))
            .orElse(List.of());
    PrivateKey key =
        existing(tls.keyFile(), "key_file", directory, problems)
            .flatMap(path -> privateKey(path, problems))
            .orElse(null);
    List<X509Certificate> clientCas =
        existing(tls.clientCaFile(), "client_ca_file", directory, problems)
            .flatMap(path -> certificates(path, "client_ca_file", problems))
            .orElse(List.of());
    if (key != null && !chain.isEmpty()) {
      try {
        PemFiles.checkPair(key, chain.get(0));
      } catch (PemFiles.PemException e) {
        problems.add(TLS.appendProperty("key_file"), e.getMessage());
      }
    }
    if (problems.count() > before || key == null || chain.isEmpty()) {
      return;
    }
    List<String> protocols =
        VERSION_ORDER
            .subList(VERSION_ORDER.indexOf(minVersion), VERSION_ORDER.indexOf(maxVersion) + 1)
            .stream()
            .map(TLS_VERSIONS::get)
            .filter(allowed::contains)
            .toList();
    builder.tls(
        new WebConfig.Tls(chain, key, clientAuth, clientCas, protocols, cipherSuites, allowedSans));
  }

  /**
   * The JSSE names of {@code cipher_suites}, which exporter-toolkit takes by Go's names (the same
   * IANA names, but for two older ChaCha20 aliases). TLS 1.3 suites are always on, as in Go.
   */
  private static List<String> cipherSuites(@Nullable List<String> names, Problems problems) {
    if (names == null) {
      return List.of();
    }
    Set<String> offered = TlsEngines.allowedCipherSuites();
    List<String> suites = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) == null ? "" : names.get(i);
      String jsse = GO_CIPHER_ALIASES.getOrDefault(name, name);
      if (jsse.startsWith("TLS_AES_") || jsse.startsWith("TLS_CHACHA20_")) {
        continue;
      }
      if (!offered.contains(jsse) || jsse.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
        problems.add(
            TLS.appendProperty("cipher_suites").appendIndex(i),
            "not a TLS 1.2 cipher suite this JVM offers; expecting one of: "
                + offered.stream()
                    .filter(suite -> !suite.startsWith("TLS_AES_") && !suite.startsWith("TLS_CHACHA20_"))
                    .filter(suite -> !suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"))
                    .collect(Collectors.joining(", ")));
        continue;
      }
      if (!suites.contains(jsse)) {
        suites.add(jsse);
      }
    }
    return suites;
  }

  private static String version(
      @Nullable String value, String key, String defaultValue, Set<String> allowed, Problems problems) {
    if (value == null) {
      return defaultValue;
    }
    List<String> usable =
        VERSION_ORDER.stream().filter(version -> allowed.contains(TLS_VERSIONS.get(version))).toList();
    if (!TLS_VERSIONS.containsKey(value)) {
      problems.add(TLS.appendProperty(key), "expecting one of: " + String.join(", ", usable));
      return defaultValue;
    }
    if (!allowed.contains(TLS_VERSIONS.get(value))) {
      problems.add(
          TLS.appendProperty(key),
          value + " is not allowed by this JVM (see jdk.tls.disabledAlgorithms in its"
              + " java.security); expecting one of: " + String.join(", ", usable));
      return defaultValue;
    }
    return value;
  }

  private static Optional<Path> existing(
      @Nullable String value, String key, Path directory, Problems problems) {
    if (value == null) {
      return Optional.empty();
    }
    JsonPointer at = TLS.appendProperty(key);
    if (value.isBlank()) {
      problems.add(at, "must not be blank");
      return Optional.empty();
    }
    Path path;
    try {
      path = directory.resolve(value);
    } catch (InvalidPathException e) {
      problems.add(at, "not a valid path: " + e.getReason());
      return Optional.empty();
    }
    if (!Files.exists(path)) {
      problems.add(at, "file not found");
      return Optional.empty();
    }
    if (!Files.isRegularFile(path)) {
      problems.add(at, "not a regular file");
      return Optional.empty();
    }
    return Optional.of(path);
  }

  private static Optional<List<X509Certificate>> certificates(
      Path path, String key, Problems problems) {
    try {
      return Optional.of(PemFiles.certificates(path));
    } catch (PemFiles.PemException e) {
      problems.add(TLS.appendProperty(key), e.getMessage());
    } catch (IOException e) {
      problems.add(TLS.appendProperty(key), unreadable(e));
    }
    return Optional.empty();
  }

  private static Optional<PrivateKey> privateKey(Path path, Problems problems) {
    try {
      return Optional.of(PemFiles.privateKey(path));
    } catch (PemFiles.PemException e) {
      problems.add(TLS.appendProperty("key_file"), e.getMessage());
    } catch (IOException e) {
      problems.add(TLS.appendProperty("key_file"), unreadable(e));
    }
    return Optional.empty();
  }

  private static String unreadable(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot be read: permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "file not found";
    }
    return "cannot be read: " + e.getMessage();
  }

  private void readUsers(
      @Nullable Map<String, String> users, Problems problems, WebConfig.Builder builder) {
    if (users == null) {
      return;
    }
    for (Map.Entry<String, String> user : new LinkedHashMap<>(users).entrySet()) {
      JsonPointer at = USERS.appendProperty(user.getKey());
      if (problems.touches(at)) {
        continue;
      }
      if (user.getKey().isEmpty() || user.getKey().contains(":")) {
        problems.addAtKey(at, "a user name must not be empty nor contain ':'");
        continue;
      }
      String hash = user.getValue();
      if (hash == null || !BCRYPT.matcher(hash).matches()) {
        // The hash is not a secret as such, but it allows an offline attack: never shown.
        problems.add(
            at,
            "expecting a bcrypt hash ($2a$, $2b$ or $2y$), as htpasswd -nB "
                + user.getKey()
                + " makes it",
            FoundValues.MASK);
        continue;
      }
      builder.basicAuthUser(user.getKey(), hash);
    }
  }

  private void readRateLimit(
      @Nullable JsonNode section, Problems problems, WebConfig.Builder builder) {
    if (section == null || section.isNull()) {
      return;
    }
    RateLimit raw = binder.bind(section, RATE_LIMIT, RateLimit.class, problems);
    if (raw == null || raw.interval() == null) {
      return;
    }
    JsonPointer at = RATE_LIMIT.appendProperty("interval");
    java.time.Duration interval = goDuration(raw.interval());
    if (interval == null) {
      problems.add(at, "expecting a duration such as 1s, 250ms or 1m30s");
      return;
    }
    if (interval.isZero()) {
      return;
    }
    int burst = raw.burst() == null ? 0 : raw.burst();
    if (burst < 1) {
      problems.add(
          RATE_LIMIT.appendProperty("burst"),
          "expecting value > 0 when interval is set (with 0 every request would be refused)");
      return;
    }
    builder.rateLimit(new WebConfig.RateLimit(interval, burst));
  }

  /** A Go duration, or {@code null} when the text is not one. */
  static java.time.@Nullable Duration goDuration(String text) {
    if (text.equals("0")) {
      return java.time.Duration.ZERO;
    }
    if (!GO_DURATION.matcher(text).matches()) {
      return null;
    }
    java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
    java.util.regex.Matcher part = GO_DURATION_PART.matcher(text);
    while (part.find()) {
      long unit =
          switch (part.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(new java.math.BigDecimal(part.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    return java.time.Duration.ofNanos(nanos.longValue());
  }

  private void readHttp(@Nullable JsonNode section, Problems problems, WebConfig.Builder builder) {
    if (section == null || section.isNull()) {
      return;
    }
    Http http = binder.bind(section, HTTP, Http.class, problems);
    if (http == null || http.headers() == null) {
      return;
    }
    JsonPointer headers = HTTP.appendProperty("headers");
    for (Map.Entry<String, String> header : http.headers().entrySet()) {
      JsonPointer at = headers.appendProperty(header.getKey());
      if (problems.touches(at)) {
        continue;
      }
      List<String> allowed = SETTABLE_HEADERS.get(header.getKey());
      if (allowed == null) {
        problems.addAtKey(
            at,
            "this header cannot be set; expecting one of: "
                + SETTABLE_HEADERS.keySet().stream().sorted().collect(Collectors.joining(", ")));
        continue;
      }
      String value = header.getValue() == null ? "" : header.getValue();
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        problems.add(at, "expecting one of: " + String.join(", ", allowed));
        continue;
      }
      builder.header(header.getKey(), value);
    }
  }
}
