package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.config.WebConfig.ClientAuth;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
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
      @Nullable JsonNode httpServerConfig) {}

  /** {@code tls_server_config}. */
  record Tls(
      @Nullable String certFile,
      @Nullable String keyFile,
      @Nullable String clientCaFile,
      @Nullable String clientAuthType,
      @Nullable String minVersion,
      @Nullable String maxVersion) {}

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
    String minVersion = version(tls.minVersion(), "min_version", "TLS12", problems);
    String maxVersion = version(tls.maxVersion(), "max_version", "TLS13", problems);
    if (VERSION_ORDER.indexOf(minVersion) > VERSION_ORDER.indexOf(maxVersion)) {
      problems.add(TLS.appendProperty("max_version"), "must not be lower than min_version");
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
            .toList();
    try {
      builder.tls(sslContext(key, chain, clientAuth, clientCas), clientAuth, protocols);
    } catch (GeneralSecurityException | IOException e) {
      problems.addWithoutFound(TLS, "cannot set up TLS: " + e.getMessage());
    }
  }

  private static String version(
      @Nullable String value, String key, String defaultValue, Problems problems) {
    if (value == null) {
      return defaultValue;
    }
    if (!TLS_VERSIONS.containsKey(value)) {
      problems.add(TLS.appendProperty(key), "expecting one of: " + String.join(", ", VERSION_ORDER));
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

  private static SSLContext sslContext(
      PrivateKey key, List<X509Certificate> chain, ClientAuth clientAuth, List<X509Certificate> cas)
      throws GeneralSecurityException, IOException {
    char[] password = new char[0];
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    TrustManager[] trustManagers;
    if (clientAuth.verifies()) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trusted.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      trustManagers = factory.getTrustManagers();
    } else {
      trustManagers = new TrustManager[] {new AnyClientTrustManager()};
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers, null);
    return context;
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

  /** Accepts any client certificate, for RequestClientCert and RequireAnyClientCert. */
  private static final class AnyClientTrustManager extends javax.net.ssl.X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // any certificate is accepted: that is what the policy asks for
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, java.net.Socket socket) {
      // same
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
      // same
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("a server does not check servers");
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, java.net.Socket socket)
        throws java.security.cert.CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
        throws java.security.cert.CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
