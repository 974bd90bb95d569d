package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.WebConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      new WebTlsSectionReader(binder).read(web.tlsServerConfig(), directory, problems, builder);
      readUsers(web.basicAuthUsers(), problems, builder);
      readHttp(web.httpServerConfig(), problems, builder);
      readRateLimit(web.rateLimit(), problems, builder);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
    return builder.build();
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
