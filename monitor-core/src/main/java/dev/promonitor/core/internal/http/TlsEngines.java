package dev.promonitor.core.internal.http;

import dev.promonitor.core.config.WebConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Builds the endpoint's TLS from the values of a web config: the context with its key and the
 * client certificate checks, and the parameters of each connection's engine (versions, suites in
 * the server's order, client certificate policy). Also tells the config reader what this JVM
 * allows, so that a version or suite it does not is a config error rather than silently dropped.
 */
public final class TlsEngines {

  private TlsEngines() {}

  /**
   * The engines of the web config's TLS, or {@code null} for plain HTTP.
   *
   * @param web the web config
   * @throws GeneralSecurityException when the JVM cannot make the context
   */
  static @Nullable Supplier<SSLEngine> factory(WebConfig web) throws GeneralSecurityException {
    WebConfig.Tls tls = web.tls().orElse(null);
    if (tls == null) {
      return null;
    }
    SSLContext context = context(tls);
    SSLParameters parameters = parameters(context, tls);
    return () -> {
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(false);
      engine.setSSLParameters(parameters);
      return engine;
    };
  }

  /**
   * The protocol versions that this JVM lets a server use (not those that {@code
   * jdk.tls.disabledAlgorithms} turns off).
   *
   * @return JSSE names such as {@code TLSv1.3}
   */
  public static Set<String> allowedProtocols() {
    return Set.of(serverDefaults().getProtocols());
  }

  /**
   * The cipher suites that this JVM offers a server by default.
   *
   * @return JSSE names
   */
  public static Set<String> allowedCipherSuites() {
    return new LinkedHashSet<>(Arrays.asList(serverDefaults().getCipherSuites()));
  }

  /**
   * Whether a suite keeps past sessions secret when the key leaks: those of TLS 1.3, and the
   * ECDHE and DHE suites with an AEAD cipher of TLS 1.2 (not CBC, not static RSA).
   *
   * @param suite a JSSE suite name
   * @return whether it is one of the default suites
   */
  public static boolean forwardSecret(String suite) {
    if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV") || isTls13(suite)) {
      return true;
    }
    boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
    boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
    return ephemeral && aead;
  }

  private static boolean isTls13(String suite) {
    return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
  }

  private static SSLParameters serverDefaults() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(false);
      return engine.getSSLParameters();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS", e);
    }
  }

  static SSLParameters parameters(SSLContext context, WebConfig.Tls tls) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    if (!tls.protocols().isEmpty()) {
      parameters.setProtocols(tls.protocols().toArray(new String[0]));
    }
    List<String> offered = Arrays.asList(parameters.getCipherSuites());
    List<String> suites = new ArrayList<>();
    offered.stream().filter(TlsEngines::isTls13).forEach(suites::add);
    if (tls.cipherSuites().isEmpty()) {
      offered.stream().filter(suite -> !isTls13(suite) && forwardSecret(suite)).forEach(suites::add);
    } else {
      suites.addAll(tls.cipherSuites());
      if (offered.contains("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
        suites.add("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
      }
    }
    parameters.setCipherSuites(suites.toArray(new String[0]));
    parameters.setUseCipherSuitesOrder(true);
    WebConfig.ClientAuth clientAuth = tls.clientAuth();
    if (clientAuth.requiresCertificate()) {
      parameters.setNeedClientAuth(true);
    } else if (clientAuth != WebConfig.ClientAuth.NO_CLIENT_CERT) {
      parameters.setWantClientAuth(true);
    }
    return parameters;
  }

  static SSLContext context(WebConfig.Tls tls) throws GeneralSecurityException {
    char[] password = new char[0];
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try {
      keys.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot make an empty key store", e);
    }
    keys.setKeyEntry(
        "server", tls.privateKey(), password, tls.certificateChain().toArray(new X509Certificate[0]));
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    X509ExtendedTrustManager verifying = null;
    if (tls.clientAuth().verifies()) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      try {
        trusted.load(null, null);
      } catch (IOException e) {
        throw new GeneralSecurityException("cannot make an empty trust store", e);
      }
      for (int i = 0; i < tls.clientCas().size(); i++) {
        trusted.setCertificateEntry("ca-" + i, tls.clientCas().get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      verifying =
          Arrays.stream(factory.getTrustManagers())
              .filter(X509ExtendedTrustManager.class::isInstance)
              .map(X509ExtendedTrustManager.class::cast)
              .findFirst()
              .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }
    X509ExtendedTrustManager trust =
        verifying != null && tls.clientAllowedSans().isEmpty()
            ? verifying
            : new ClientTrust(verifying, tls.clientAllowedSans());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), new TrustManager[] {trust}, null);
    return context;
  }

  /**
   * Checks client certificates: with the CA's trust manager when the policy verifies (else any
   * certificate passes, as RequestClientCert and RequireAnyClientCert ask), then, when {@code
   * client_allowed_sans} is set, that the client's certificate carries one of those names.
   */
  private static final class ClientTrust extends X509ExtendedTrustManager {

    private final @Nullable X509ExtendedTrustManager verifying;
    private final Set<String> allowedSans;

    ClientTrust(@Nullable X509ExtendedTrustManager verifying, List<String> allowedSans) {
      this.verifying = verifying;
      this.allowedSans = new LinkedHashSet<>();
      allowedSans.forEach(san -> this.allowedSans.add(normalized(san)));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (verifying != null) {
        verifying.checkClientTrusted(chain, authType);
      }
      checkSans(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (verifying != null) {
        verifying.checkClientTrusted(chain, authType, socket);
      }
      checkSans(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (verifying != null) {
        verifying.checkClientTrusted(chain, authType, engine);
      }
      checkSans(chain);
    }

    private void checkSans(X509Certificate[] chain) throws CertificateException {
      if (allowedSans.isEmpty()) {
        return;
      }
      if (chain.length == 0) {
        throw new CertificateException("no client certificate, and client_allowed_sans is set");
      }
      Collection<List<?>> names;
      try {
        names = chain[0].getSubjectAlternativeNames();
      } catch (CertificateParsingException e) {
        throw new CertificateException("the client certificate's SANs cannot be read", e);
      }
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          // 1 e-mail, 2 DNS, 6 URI, 7 IP address
          if ((type == 1 || type == 2 || type == 6 || type == 7)
              && name.get(1) instanceof String value
              && allowedSans.contains(normalized(value))) {
            return;
          }
        }
      }
      throw new CertificateException(
          "the client certificate has none of the names of client_allowed_sans");
    }

    /** An IP address in one form ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike), else as is. */
    private static String normalized(String san) {
      boolean literal =
          san.matches("\\d{1,3}(\\.\\d{1,3}){3}")
              || (san.contains(":") && san.matches("[0-9a-fA-F:]+(\\.[0-9.]+)?"));
      if (!literal) {
        return san;
      }
      try {
        return InetAddress.getByName(san).getHostAddress();
      } catch (IOException e) {
        return san;
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a server does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return verifying == null ? new X509Certificate[0] : verifying.getAcceptedIssuers();
    }
  }
}
