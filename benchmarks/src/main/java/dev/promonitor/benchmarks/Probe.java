package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 client on plain sockets for the HTTP benchmark, so that what is measured is
 * the server, not a client library: one request, its whole response read (Content-Length or
 * chunked), the status returned.
 */
final class Probe implements AutoCloseable {

  private static final SSLContext TRUST_ALL = trustAll();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** The body bytes of the last response, as sent (compressed when gzip). */
  long received;

  private Probe(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  static Probe open(int port, boolean tls, int timeoutMillis) throws IOException {
    Socket socket;
    if (tls) {
      SSLSocket ssl = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket("127.0.0.1", port);
      ssl.setSoTimeout(timeoutMillis);
      ssl.startHandshake();
      socket = ssl;
    } else {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(timeoutMillis);
    }
    socket.setTcpNoDelay(true);
    return new Probe(socket);
  }

  /** A raw socket for slow clients: connected, nothing sent. */
  static Socket raw(int port) throws IOException {
    return new Socket("127.0.0.1", port);
  }

  /**
   * Sends a GET and reads its response.
   *
   * @param authorization an {@code Authorization} value, or {@code null}
   * @return the status code
   */
  int get(String path, @Nullable String authorization) throws IOException {
    return get(path, authorization, "");
  }

  /**
   * Sends a GET with more header lines and reads its response.
   *
   * @param headers header lines, each ending with CRLF, or {@code ""}
   * @return the status code
   */
  int get(String path, @Nullable String authorization, String headers) throws IOException {
    String request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + headers
            + "\r\n";
    out.write(request.getBytes(ISO_8859_1));
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    String header;
    while (!(header = line()).isEmpty()) {
      String lower = header.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(header.substring(15).strip());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    received = 0;
    if (chunked) {
      long size;
      while ((size = Long.parseLong(line().strip(), 16)) > 0) {
        in.skipNBytes(size);
        received += size;
        line();
      }
      line();
    } else if (length > 0) {
      in.skipNBytes(length);
      received = length;
    }
    if (close) {
      socket.close();
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
