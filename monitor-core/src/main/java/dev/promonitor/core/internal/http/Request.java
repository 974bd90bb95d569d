package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A request as the front read it: the head parsed, the body (bounded) already read, so that a
 * worker never waits for a client to send.
 */
final class Request {

  /** The most header lines a request may have. */
  static final int MAX_HEADERS = 100;

  final String method;
  final URI uri;
  final String protocol;
  final Headers headers;
  final boolean keepAlive;
  final long contentLength;
  byte[] body = new byte[0];

  private Request(String method, URI uri, String protocol, Headers headers, long contentLength) {
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.headers = headers;
    this.contentLength = contentLength;
    String connection = headers.getFirst("Connection");
    boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    boolean keep = connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive");
    this.keepAlive = protocol.equals("HTTP/1.1") ? !close : keep;
  }

  /** A request the front answers itself, with its status, and closes the connection. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /**
   * The index just past the blank line that ends a head, or -1 while it has not all arrived.
   *
   * @param bytes the bytes received
   * @param length how many of them
   */
  static int headEnd(byte[] bytes, int length) {
    for (int i = 1; i < length; i++) {
      if (bytes[i] == '\n'
          && (bytes[i - 1] == '\n' || (i >= 2 && bytes[i - 1] == '\r' && bytes[i - 2] == '\n'))) {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Parses a request head.
   *
   * @param bytes the head, ending with its blank line
   * @param length its length
   * @throws Refused with the status to answer for a head that breaks HTTP/1.1
   */
  static Request parse(byte[] bytes, int length) throws Refused {
    String[] lines = new String(bytes, 0, length, ISO_8859_1).split("\r?\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3 || !isToken(requestLine[0])) {
      throw new Refused(400, "Bad request line");
    }
    String protocol = requestLine[2];
    if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
      throw new Refused(505, "HTTP version not supported");
    }
    String target = requestLine[1];
    if (!target.startsWith("/")) {
      throw new Refused(400, "Bad request target");
    }
    Headers headers = new Headers();
    int count = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        break;
      }
      if (++count > MAX_HEADERS) {
        throw new Refused(431, "Too many header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Refused(400, "Bad header field");
      }
      headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    if (headers.containsKey("Transfer-Encoding")) {
      throw new Refused(501, "Request bodies must have a Content-Length");
    }
    long contentLength = 0;
    if (headers.containsKey("Content-Length")) {
      var values = headers.get("Content-Length");
      String value = values.get(0);
      if (values.stream().anyMatch(other -> !other.equals(value))
          || value.isEmpty()
          || value.length() > 18
          || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Refused(400, "Bad Content-Length");
      }
      contentLength = Long.parseLong(value);
    }
    return new Request(requestLine[0], uri(target), protocol, headers, contentLength);
  }

  private static URI uri(String target) throws Refused {
    try {
      return new URI(target);
    } catch (URISyntaxException e) {
      // such as the brackets of ?name[]=up, which clients often send as they are
      StringBuilder encoded = new StringBuilder(target.length() + 16);
      for (int i = 0; i < target.length(); i++) {
        char c = target.charAt(i);
        if (c > 0x20 && c < 0x7f && "[]{}|\\^`\"<>".indexOf(c) < 0) {
          encoded.append(c);
        } else {
          encoded.append('%').append(String.format(Locale.ROOT, "%02X", (int) c & 0xff));
        }
      }
      try {
        return new URI(encoded.toString());
      } catch (URISyntaxException again) {
        throw new Refused(400, "Bad request target");
      }
    }
  }

  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
