package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a web config file's {@code tls_server_config} into {@link WebConfig.Tls}: the key pair
 * and client CAs from their PEM files, the client authentication, the protocol versions and the
 * cipher suites this JVM allows. Building the TLS engines from it is {@code internal.http}'s.
 */
final class WebTlsSectionReader {

  private static final JsonPointer TLS = JsonPointer.compile("/tls_server_config");

  private static final Map<String, String> TLS_VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  private static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** Go's older names of two suites, and their IANA (and JSSE) names. */
  private static final Map<String, String> GO_CIPHER_ALIASES =
      Map.of(
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

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

  private final ConfigBinder binder;

  WebTlsSectionReader(ConfigBinder binder) {
    this.binder = binder;
  }

  /**
   * Reads the section into {@code builder}, or records its problems.
   *
   * @param directory where relative file names start
   */
  void read(
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
}
