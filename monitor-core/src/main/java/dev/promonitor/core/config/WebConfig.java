package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The security of the HTTP endpoint, as Prometheus's exporter-toolkit web config file describes it:
 * TLS (with optional client certificates), HTTP basic auth with bcrypt hashes, and extra response
 * headers. It applies to every path the endpoint serves. Load one from a file with {@link
 * ConfigLoader#loadWebConfig(java.nio.file.Path)}, or build one in code.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows no hash.
 */
public final class WebConfig {

  private static final WebConfig NONE = builder().build();

  private final String source;
  private final @Nullable Tls tls;
  private final Map<String, String> basicAuthUsers;
  private final Map<String, String> headers;
  private final @Nullable RateLimit rateLimit;

  /**
   * How the endpoint asks for client certificates; the names of exporter-toolkit's
   * {@code client_auth_type}.
   */
  public enum ClientAuth {
    /** {@code NoClientCert}: no client certificate is asked for. */
    NO_CLIENT_CERT("NoClientCert"),
    /** {@code RequestClientCert}: asked for, not required, not verified. */
    REQUEST_CLIENT_CERT("RequestClientCert"),
    /** {@code RequireAnyClientCert}: required, not verified against a CA. */
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert"),
    /** {@code VerifyClientCertIfGiven}: asked for, verified against the client CA when given. */
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
    /** {@code RequireAndVerifyClientCert}: required and verified against the client CA. */
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

    private final String configValue;

    ClientAuth(String configValue) {
      this.configValue = configValue;
    }

    /**
     * The name in the web config file.
     *
     * @return such as {@code RequireAndVerifyClientCert}
     */
    public String configValue() {
      return configValue;
    }

    /**
     * Whether a client without a certificate is refused.
     *
     * @return {@code true} for the two {@code Require...} values
     */
    public boolean requiresCertificate() {
      return this == REQUIRE_ANY_CLIENT_CERT || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }

    /**
     * Whether the client CA verifies a certificate the client gives.
     *
     * @return {@code true} for the two {@code Verify} values
     */
    public boolean verifies() {
      return this == VERIFY_CLIENT_CERT_IF_GIVEN || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }
  }

  private WebConfig(Builder builder) {
    this.source = builder.source;
    this.tls = builder.tls;
    this.basicAuthUsers = Map.copyOf(builder.basicAuthUsers);
    this.headers = Map.copyOf(builder.headers);
    this.rateLimit = builder.rateLimit;
  }

  /**
   * The {@code tls_server_config} of exporter-toolkit, as values: the endpoint builds its TLS
   * context from them when it starts. {@link #toString()} never shows the key.
   *
   * @param certificateChain the server's certificate first, then its intermediates; not empty
   * @param privateKey the key of the server's certificate
   * @param clientAuth how client certificates are asked for
   * @param clientCas the CAs that verify client certificates; needed by the two {@code Verify}
   *     policies
   * @param protocols the accepted versions, JSSE names such as {@code TLSv1.3}; empty for TLS 1.2
   *     and 1.3
   * @param cipherSuites the TLS 1.2 suites in the server's order of preference, JSSE names; empty
   *     for the forward-secret AEAD suites of the JVM (TLS 1.3 suites are always offered)
   * @param clientAllowedSans when not empty, a client certificate must carry one of these
   *     subject alternative names (DNS, IP, e-mail or URI), exactly
   */
  public record Tls(
      List<X509Certificate> certificateChain,
      PrivateKey privateKey,
      ClientAuth clientAuth,
      List<X509Certificate> clientCas,
      List<String> protocols,
      List<String> cipherSuites,
      List<String> clientAllowedSans) {

    /** Checks and copies the values. */
    public Tls {
      certificateChain = List.copyOf(certificateChain);
      requireNonNull(privateKey, "privateKey must not be null");
      requireNonNull(clientAuth, "clientAuth must not be null");
      clientCas = List.copyOf(clientCas);
      protocols = List.copyOf(protocols);
      cipherSuites = List.copyOf(cipherSuites);
      clientAllowedSans = List.copyOf(clientAllowedSans);
      if (certificateChain.isEmpty()) {
        throw new IllegalArgumentException("certificateChain must not be empty");
      }
      if (clientAuth.verifies() && clientCas.isEmpty()) {
        throw new IllegalArgumentException(clientAuth.configValue() + " needs client CAs");
      }
    }

    /**
     * Plain TLS with a certificate and its key, the defaults for the rest.
     *
     * @param certificateChain the server's certificate first
     * @param privateKey its key
     * @return the settings
     */
    public static Tls of(List<X509Certificate> certificateChain, PrivateKey privateKey) {
      return new Tls(
          certificateChain, privateKey, ClientAuth.NO_CLIENT_CERT, List.of(), List.of(), List.of(),
          List.of());
    }

    /** Names the settings, never the key. */
    @Override
    public String toString() {
      return "Tls[subject=" + certificateChain.get(0).getSubjectX500Principal().getName()
          + ", clientAuth=" + clientAuth.configValue()
          + ", protocols=" + protocols
          + ", cipherSuites=" + cipherSuites
          + ", clientAllowedSans=" + clientAllowedSans
          + "]";
    }
  }

  /**
   * exporter-toolkit's {@code rate_limit}: a token bucket over every request of the endpoint; a
   * request that finds no token gets 429.
   *
   * @param interval the time that adds one token, greater than zero
   * @param burst the most tokens saved up, at least 1
   */
  public record RateLimit(Duration interval, int burst) {

    /** Checks the values. */
    public RateLimit {
      requireNonNull(interval, "interval must not be null");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("interval: Expecting value > 0. Found: " + interval);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst: Expecting value > 0. Found: " + burst);
      }
    }
  }

  /**
   * Plain HTTP, no authentication, no extra headers: the default of a host.
   *
   * @return the empty web config
   */
  public static WebConfig none() {
    return NONE;
  }

  /**
   * Starts building a web config.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The file it came from.
   *
   * @return the file as the user named it, or {@code <none>} for one built in code
   */
  public String source() {
    return source;
  }

  /**
   * The endpoint's TLS: its certificate and key, client certificates, versions and suites.
   *
   * @return the TLS settings, or empty for plain HTTP
   */
  public Optional<Tls> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * How client certificates are asked for.
   *
   * @return the policy; {@link ClientAuth#NO_CLIENT_CERT} without TLS
   */
  public ClientAuth clientAuth() {
    return tls == null ? ClientAuth.NO_CLIENT_CERT : tls.clientAuth();
  }

  /**
   * The users of HTTP basic auth.
   *
   * @return user name to bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}); empty when
   *     every request is let through
   */
  public Map<String, String> basicAuthUsers() {
    return basicAuthUsers;
  }

  /**
   * Headers added to every response.
   *
   * @return header name to value
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The rate limit of every request.
   *
   * @return the limit, or empty when requests are not rate limited
   */
  public Optional<RateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** Names the settings in use, never a hash. */
  @Override
  public String toString() {
    return "WebConfig[source=" + source
        + ", tls=" + (tls == null ? "none" : tls)
        + ", basicAuthUsers=" + basicAuthUsers.keySet().stream().sorted().toList()
        + ", headers=" + headers.keySet().stream().sorted().toList()
        + (rateLimit == null ? "" : ", rateLimit=" + rateLimit)
        + "]";
  }

  /** Builds a {@link WebConfig}. Not thread-safe. */
  public static final class Builder {

    private String source = "<none>";
    private @Nullable Tls tls;
    private final Map<String, String> basicAuthUsers = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable RateLimit rateLimit;

    private Builder() {}

    /**
     * Limits the rate of all requests, as exporter-toolkit's {@code rate_limit}. Default: none.
     *
     * @param rateLimit the limit, or {@code null} for none
     * @return this builder
     */
    public Builder rateLimit(@Nullable RateLimit rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /**
     * The file the settings came from, for messages. Default {@code <none>}.
     *
     * @param source the file as the user named it
     * @return this builder
     */
    public Builder source(String source) {
      this.source = requireNonNull(source, "source must not be null");
      return this;
    }

    /**
     * Serves HTTPS with these settings. Default: none, plain HTTP.
     *
     * @param tls the certificate, key and policies
     * @return this builder
     */
    public Builder tls(Tls tls) {
      this.tls = requireNonNull(tls, "tls must not be null");
      return this;
    }

    /**
     * Adds a user of HTTP basic auth. Default: no users, and no authentication.
     *
     * @param user the user name
     * @param bcryptHash the password's bcrypt hash, as {@code htpasswd -nB user} makes it
     * @return this builder
     */
    public Builder basicAuthUser(String user, String bcryptHash) {
      basicAuthUsers.put(
          requireNonNull(user, "user must not be null"),
          requireNonNull(bcryptHash, "bcryptHash must not be null"));
      return this;
    }

    /**
     * Adds a header to every response. Default: none.
     *
     * @param name the header name
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(
          requireNonNull(name, "name must not be null"),
          requireNonNull(value, "value must not be null"));
      return this;
    }

    /**
     * Builds the web config.
     *
     * @return the web config
     */
    public WebConfig build() {
      return new WebConfig(this);
    }
  }
}
