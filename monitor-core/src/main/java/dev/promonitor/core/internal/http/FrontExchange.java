package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response, in the shape of the JDK's {@code HttpExchange}, so that
 * simpleclient's handler and the framework's own serve it unchanged. The response goes out with
 * {@code Content-Length} when its length is known and chunked otherwise; small responses leave in
 * one write with their head.
 *
 * <p>Longer than 400 lines because it implements the whole of the JDK's {@code HttpExchange}
 * contract (headers, attributes, streams, principal) besides the framing of the body.
 */
final class FrontExchange extends com.sun.net.httpserver.HttpExchange {

  private static final int BUFFER = 16 * 1024;
  /** Room before a chunk for its size line: up to 8 hex digits and CRLF. */
  private static final int CHUNK_HEAD = 10;

  private final Connection connection;
  private final Request request;
  private final long writeTimeoutNanos;
  private final Headers responseHeaders = new Headers();
  private final Map<String, Object> attributes = new HashMap<>();
  private final Transport.WriteWaiter waiter;
  private final Context context;
  private InputStream requestBody;
  private OutputStream responseStream = OutputStream.nullOutputStream();
  private int responseCode = -1;
  private boolean keepAlive;
  private boolean complete;

  FrontExchange(Connection connection, Request request, String contextPath, long writeTimeoutNanos) {
    this(connection, request, contextPath, writeTimeoutNanos, new Transport.WriteWaiter());
  }

  /**
   * An exchange whose writes wait for the client with {@code waiter} (which may tell the pool of
   * workers that its thread is held).
   */
  FrontExchange(
      Connection connection,
      Request request,
      String contextPath,
      long writeTimeoutNanos,
      Transport.WriteWaiter waiter) {
    this.waiter = waiter;
    this.connection = connection;
    this.request = request;
    this.writeTimeoutNanos = writeTimeoutNanos;
    this.context = new Context(contextPath);
    this.requestBody = new ByteArrayInputStream(request.body);
    this.keepAlive = request.keepAlive;
  }

  @Override
  public Headers getRequestHeaders() {
    return request.headers;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return request.uri;
  }

  @Override
  public String getRequestMethod() {
    return request.method;
  }

  @Override
  public HttpContext getHttpContext() {
    return context;
  }

  @Override
  public void close() {
    try {
      responseStream.close();
    } catch (IOException e) {
      keepAlive = false;
    }
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return responseStream;
  }

  @Override
  public void sendResponseHeaders(int status, long length) throws IOException {
    if (responseCode >= 0) {
      throw new IOException("headers already sent");
    }
    responseCode = status;
    boolean head = request.method.equals("HEAD");
    boolean noBody = head || status == 204 || status == 304 || length < 0;
    boolean chunked = false;
    if (!noBody && length == 0) {
      if (request.protocol.equals("HTTP/1.1")) {
        chunked = true;
        responseHeaders.set("Transfer-Encoding", "chunked");
      } else {
        keepAlive = false;
      }
    } else if (!noBody) {
      responseHeaders.set("Content-Length", Long.toString(length));
    } else if (!head && status != 204 && status != 304) {
      responseHeaders.set("Content-Length", "0");
    }
    if (!keepAlive) {
      responseHeaders.set("Connection", "close");
    }
    StringBuilder text = new StringBuilder(256);
    text.append("HTTP/1.1 ").append(status).append(' ').append(Statuses.reason(status)).append("\r\n");
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        text.append(canonical(header.getKey())).append(": ").append(value).append("\r\n");
      }
    }
    text.append("\r\n");
    byte[] headBytes = text.toString().getBytes(ISO_8859_1);
    int capacity;
    if (noBody) {
      capacity = headBytes.length;
    } else if (!chunked && length + headBytes.length <= BUFFER) {
      capacity = headBytes.length + (int) length;
    } else {
      capacity = headBytes.length + CHUNK_HEAD + BUFFER;
    }
    ByteBuffer buffer = ByteBuffer.allocate(capacity);
    buffer.put(headBytes);
    ResponseBody stream = new ResponseBody(buffer, headBytes.length, chunked, noBody ? 0 : length);
    responseStream = stream;
    if (noBody) {
      stream.close();
    }
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    try {
      return (InetSocketAddress) connection.transport.channel.getRemoteAddress();
    } catch (IOException e) {
      return new InetSocketAddress(0);
    }
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    try {
      return (InetSocketAddress) connection.transport.channel.getLocalAddress();
    } catch (IOException e) {
      return new InetSocketAddress(0);
    }
  }

  @Override
  public String getProtocol() {
    return request.protocol;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void setStreams(@Nullable InputStream in, @Nullable OutputStream out) {
    if (in != null) {
      requestBody = in;
    }
    if (out != null) {
      responseStream = out;
    }
  }

  @Override
  public @Nullable HttpPrincipal getPrincipal() {
    return null;
  }

  /**
   * Ends the exchange after its handler returned.
   *
   * @return whether the connection may serve another request
   */
  boolean finish() {
    close();
    waiter.close();
    return complete && keepAlive;
  }

  /** Releases what the exchange holds when its handler failed. */
  void abandon() {
    waiter.close();
  }

  /** A header name as HTTP/1.1 writes it by custom, {@code Content-Type} for {@code Content-type}. */
  static String canonical(String name) {
    if (name.equalsIgnoreCase("WWW-Authenticate")) {
      return "WWW-Authenticate";
    }
    char[] chars = name.toCharArray();
    boolean start = true;
    for (int i = 0; i < chars.length; i++) {
      chars[i] = start ? Character.toUpperCase(chars[i]) : chars[i];
      start = chars[i] == '-';
    }
    return new String(chars);
  }

  /** Whether the connection sends small writes without waiting (Nagle's algorithm off). */
  boolean tcpNoDelay() throws IOException {
    return connection.transport.channel.getOption(java.net.StandardSocketOptions.TCP_NODELAY);
  }

  /** Whether the response head has been sent (or buffered to be). */
  boolean responseStarted() {
    return responseCode >= 0;
  }

  private void send(ByteBuffer buffer) throws IOException {
    connection.transport.write(buffer, System.nanoTime() + writeTimeoutNanos, waiter);
  }

  /** The response body: buffered, written as chunks or up to its declared length. */
  private final class ResponseBody extends OutputStream {

    /** A chunk's CRLF and the last chunk, {@code 0 CRLF CRLF}. */
    private static final int CHUNK_TAIL = 7;

    private final ByteBuffer buffer;
    private final boolean chunked;
    private final long declared;
    /** The bytes of the response head still at the start of the buffer. */
    private int headLength;
    private int dataStart;
    private long written;
    private boolean closed;

    ResponseBody(ByteBuffer buffer, int headLength, boolean chunked, long declared) {
      this.buffer = buffer;
      this.headLength = headLength;
      this.chunked = chunked;
      this.declared = declared;
      if (chunked) {
        buffer.position(buffer.position() + CHUNK_HEAD);
      }
      this.dataStart = buffer.position();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("the response body is closed");
      }
      if (declared > 0 && written + length > declared) {
        throw new IOException("more bytes than the declared Content-Length of " + declared);
      }
      written += length;
      if (request.method.equals("HEAD")) {
        return;
      }
      while (length > 0) {
        if (!chunked && length >= BUFFER) {
          // a large array goes out as it is, without a copy, after what the buffer holds
          if (buffer.position() > 0) {
            flushBuffer(false);
          }
          send(ByteBuffer.wrap(bytes, offset, length));
          return;
        }
        int room = buffer.remaining() - (chunked ? CHUNK_TAIL : 0);
        if (room <= 0) {
          flushBuffer(false);
          continue;
        }
        int count = Math.min(room, length);
        buffer.put(bytes, offset, count);
        offset += count;
        length -= count;
      }
    }

    @Override
    public void flush() {
      // bytes leave when the buffer is full or the body ends: fewer, larger writes
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (declared > 0 && written < declared && !request.method.equals("HEAD")) {
        keepAlive = false;
        flushBuffer(false);
        throw new IOException("fewer bytes than the declared Content-Length of " + declared);
      }
      flushBuffer(true);
      complete = true;
    }

    private void flushBuffer(boolean last) throws IOException {
      byte[] array = buffer.array();
      int start = 0;
      if (chunked) {
        int size = buffer.position() - dataStart;
        start = dataStart;
        if (size > 0) {
          byte[] line = (Integer.toHexString(size) + "\r\n").getBytes(ISO_8859_1);
          start -= line.length;
          System.arraycopy(line, 0, array, start, line.length);
          buffer.put((byte) '\r').put((byte) '\n');
        }
        if (headLength > 0) {
          // the head goes in the same write, right before the first chunk
          System.arraycopy(array, 0, array, start - headLength, headLength);
          start -= headLength;
        }
        if (last) {
          buffer.put("0\r\n\r\n".getBytes(ISO_8859_1));
        }
      }
      if (buffer.position() > start) {
        send(ByteBuffer.wrap(array, start, buffer.position() - start));
      }
      headLength = 0;
      buffer.clear();
      if (chunked) {
        buffer.position(CHUNK_HEAD);
      }
      dataStart = buffer.position();
    }
  }

  /** The path a request was routed to, for handlers that ask (simpleclient's does). */
  private static final class Context extends HttpContext {

    private final String path;
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<Filter> filters = new ArrayList<>();

    Context(String path) {
      this.path = path;
    }

    @Override
    public @Nullable HttpHandler getHandler() {
      return null;
    }

    @Override
    public void setHandler(HttpHandler handler) {
      throw new UnsupportedOperationException("routes are fixed");
    }

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public @Nullable HttpServer getServer() {
      return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
      return attributes;
    }

    @Override
    public List<Filter> getFilters() {
      return filters;
    }

    @Override
    public @Nullable Authenticator setAuthenticator(@Nullable Authenticator auth) {
      return null;
    }

    @Override
    public @Nullable Authenticator getAuthenticator() {
      return null;
    }
  }

}
