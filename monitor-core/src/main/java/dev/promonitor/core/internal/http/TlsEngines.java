package dev.promonitor.core.internal.http;

import dev.promonitor.core.config.WebConfig;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/** Makes the server-side TLS engine of each connection from the web config. */
final class TlsEngines {

  private TlsEngines() {}

  /**
   * The engines of the web config's TLS, or {@code null} for plain HTTP.
   *
   * @param web the web config
   */
  static @Nullable Supplier<SSLEngine> factory(WebConfig web) {
    SSLContext context = web.sslContext().orElse(null);
    if (context == null) {
      return null;
    }
    SSLParameters parameters = parameters(context, web);
    return () -> {
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(false);
      engine.setSSLParameters(parameters);
      return engine;
    };
  }

  static SSLParameters parameters(SSLContext context, WebConfig web) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    List<String> protocols = web.protocols().stream().filter(supported::contains).toList();
    if (!protocols.isEmpty()) {
      parameters.setProtocols(protocols.toArray(new String[0]));
    }
    parameters.setCipherSuites(
        Arrays.stream(parameters.getCipherSuites())
            .filter(TlsEngines::forwardSecret)
            .toArray(String[]::new));
    parameters.setUseCipherSuitesOrder(true);
    WebConfig.ClientAuth clientAuth = web.clientAuth();
    if (clientAuth.requiresCertificate()) {
      parameters.setNeedClientAuth(true);
    } else if (clientAuth != WebConfig.ClientAuth.NO_CLIENT_CERT) {
      parameters.setWantClientAuth(true);
    }
    return parameters;
  }

  /**
   * Whether a suite keeps past sessions secret when the key leaks: those of TLS 1.3, and the
   * ECDHE and DHE suites with an AEAD cipher of TLS 1.2 (not CBC, not static RSA).
   */
  static boolean forwardSecret(String suite) {
    if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
      return true;
    }
    if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
      return true;
    }
    boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
    boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
    return ephemeral && aead;
  }
}
