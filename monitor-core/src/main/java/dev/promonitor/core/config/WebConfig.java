package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
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
  private final @Nullable SSLContext sslContext;
  private final ClientAuth clientAuth;
  private final List<String> protocols;
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
    this.sslContext = builder.sslContext;
    this.clientAuth = builder.clientAuth;
    this.protocols = List.copyOf(builder.protocols);
    this.basicAuthUsers = Map.copyOf(builder.basicAuthUsers);
    this.headers = Map.copyOf(builder.headers);
    this.rateLimit = builder.rateLimit;
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
   * The TLS context of the endpoint's certificate and key, and its client certificate checks.
   *
   * @return the context, or empty for plain HTTP
   */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /**
   * How client certificates are asked for.
   *
   * @return the policy; {@link ClientAuth#NO_CLIENT_CERT} without TLS
   */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /**
   * The TLS protocol versions the endpoint accepts.
   *
   * @return JSSE names such as {@code TLSv1.3}; empty for the JDK's defaults
   */
  public List<String> protocols() {
    return protocols;
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
        + ", tls=" + (sslContext != null)
        + ", clientAuth=" + clientAuth.configValue()
        + ", protocols=" + protocols
        + ", basicAuthUsers=" + basicAuthUsers.keySet().stream().sorted().toList()
        + ", headers=" + headers.keySet().stream().sorted().toList()
        + (rateLimit == null ? "" : ", rateLimit=" + rateLimit)
        + "]";
  }

  /** Builds a {@link WebConfig}. Not thread-safe. */
  public static final class Builder {

    private String source = "<none>";
    private @Nullable SSLContext sslContext;
    private ClientAuth clientAuth = ClientAuth.NO_CLIENT_CERT;
    private List<String> protocols = List.of();
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
     * Serves HTTPS with this context. Default: none, plain HTTP.
     *
     * @param sslContext an initialized context with the server's key and certificate
     * @param clientAuth how client certificates are asked for; the context's trust managers
     *     must match it (verifying, or accepting any certificate)
     * @param protocols the accepted protocol versions such as {@code TLSv1.3}; empty for the
     *     JDK's defaults
     * @return this builder
     */
    public Builder tls(SSLContext sslContext, ClientAuth clientAuth, List<String> protocols) {
      this.sslContext = requireNonNull(sslContext, "sslContext must not be null");
      this.clientAuth = requireNonNull(clientAuth, "clientAuth must not be null");
      this.protocols = List.copyOf(protocols);
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
