package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of the endpoint: one thread that accepts connections, runs their TLS handshakes and
 * reads their request heads without blocking, each under a deadline, and hands each complete
 * request to a bounded pool of workers ({@link WorkerPool}: a few at work at once, first come
 * first served, and one more for each held by a client that does not read its response). No
 * client can hold a thread by sending slowly or not at all: a connection only reaches a worker
 * with its whole head (and its small body) read. Beyond
 * {@link Limits#maxRequests()} requests at once (as promhttp's {@code MaxRequestsInFlight}), and
 * past a {@code rate_limit}, the front answers 503 or 429 itself at once; it never runs a handler
 * and never queues a request. With basic auth, a request whose credentials are not remembered valid
 * must first pass the small {@link UncheckedAdmission} (429 at once when it is full), so that
 * wrong passwords never hold the slots of valid scrapes.
 *
 * <p>Longer than 400 lines because the selector loop, the head parser's deadlines and the hand-over
 * to workers share the one thread's state (the selector, the connections, the permits); split,
 * each part would reach into the others' fields.
 */
final class HttpFront implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final int BACKLOG = 128;
  /**
   * The socket's send buffer: a response up to the size that goes out with a Content-Length
   * leaves its worker at once, rather than waiting for the client to read, as it would with
   * the 16 KB that Linux starts a socket with.
   */
  private static final int SEND_BUFFER = ScrapeHandler.BUFFERED;

  /** The name of the front's thread. */
  static final String FRONT_THREAD = "promonitor-http-accept";

  private final ServerSocketChannel server;
  private final Selector selector;
  private final @Nullable Supplier<SSLEngine> tls;
  private final Limits limits;
  private final HttpHandler handler;
  private final @Nullable TokenBucket rateLimit;
  private final @Nullable UncheckedAdmission unchecked;
  private final LongSupplier clock;
  private final Semaphore permits;
  private final WorkerPool workers;
  private final ConcurrentLinkedQueue<Connection> returned = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean open = true;
  private volatile boolean sweepNow;
  private volatile Consumer<Connection> afterRead = connection -> {};
  private long nextSweep;

  private HttpFront(
      ServerSocketChannel server,
      Selector selector,
      @Nullable Supplier<SSLEngine> tls,
      Limits limits,
      HttpHandler handler,
      @Nullable TokenBucket rateLimit,
      @Nullable UncheckedAdmission unchecked,
      LongSupplier clock,
      ThreadFactory threads) {
    this.server = server;
    this.selector = selector;
    this.tls = tls;
    this.limits = limits;
    this.handler = handler;
    this.rateLimit = rateLimit;
    this.unchecked = unchecked;
    this.clock = clock;
    this.permits = new Semaphore(limits.maxRequests());
    this.workers =
        new WorkerPool(limits.maxRequests(), limits.activeWorkers(), 30, TimeUnit.SECONDS, threads);
    this.thread = new Thread(this::run, FRONT_THREAD);
    thread.setDaemon(true);
  }

  /**
   * Binds the address and starts the front's thread.
   *
   * @param tls makes the TLS engine of a new connection; {@code null} for plain HTTP
   * @param unchecked the admission of requests without remembered credentials; {@code null}
   *     without basic auth
   * @param clock {@code System::nanoTime}, or a test's clock for the deadlines
   * @param threads makes the workers
   */
  static HttpFront start(
      InetSocketAddress address,
      @Nullable Supplier<SSLEngine> tls,
      Limits limits,
      HttpHandler handler,
      @Nullable TokenBucket rateLimit,
      @Nullable UncheckedAdmission unchecked,
      LongSupplier clock,
      ThreadFactory threads)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    Selector selector = null;
    try {
      server.bind(address, BACKLOG);
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      server.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
    HttpFront front =
        new HttpFront(server, selector, tls, limits, handler, rateLimit, unchecked, clock, threads);
    front.thread.start();
    return front;
  }

  InetSocketAddress address() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("the endpoint is closed", e);
    }
  }

  /** The threads serving requests now, not counting the front's own. */
  int workerThreads() {
    return workers.threadCount();
  }

  /** Runs {@code hook} on the front's thread after each read of a connection (for tests). */
  void afterRead(Consumer<Connection> hook) {
    this.afterRead = hook;
  }

  /** Makes the front look at its deadlines now (tests move their clock, then call this). */
  void wakeUp() {
    sweepNow = true;
    selector.wakeup();
  }

  @Override
  public void close() {
    open = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.close();
  }

  private void run() {
    nextSweep = clock.getAsLong() + SWEEP_NANOS;
    try {
      while (open) {
        selector.select(TimeUnit.NANOSECONDS.toMillis(SWEEP_NANOS));
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            readable((Connection) key.attachment());
          }
        }
        selector.selectedKeys().clear();
        Connection back;
        while ((back = returned.poll()) != null) {
          resume(back);
        }
        long now = clock.getAsLong();
        if (sweepNow || now - nextSweep >= 0) {
          sweepNow = false;
          nextSweep = now + SWEEP_NANOS;
          sweep(now);
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LOG.warn("The HTTP endpoint stopped accepting: {}", e.toString());
    } finally {
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof Connection connection && !connection.busy) {
          connection.transport.close();
        }
      }
      try {
        server.close();
        selector.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        if (selector.keys().size() > limits.maxConnections()) {
          closeLongestWaiting();
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        Transport transport =
            tls == null ? new Transport.Plain(channel) : new TlsTransport(channel, tls.get());
        Connection connection =
            new Connection(transport, key, clock.getAsLong() + limits.headTimeout().toNanos());
        key.attach(connection);
      } catch (IOException | RuntimeException e) {
        LOG.debug("Cannot take a connection: {}", e.toString());
        channel.close();
      }
    }
  }

  /** Reads what arrived on a connection and hands a complete request to a worker. */
  private void readable(Connection connection) {
    if (connection.busy) {
      return;
    }
    try {
      ByteBuffer received = connection.received;
      if (!received.hasRemaining()
          && !connection.ensureCapacity(received.capacity() + 1, Limits.MAX_HEAD_BYTES)) {
        refuse(connection, 431, "Request header fields too large");
        return;
      }
      int read = connection.transport.read(connection.received);
      if (read < 0) {
        connection.transport.close();
        return;
      }
      if (connection.idle && connection.received.position() > 0) {
        connection.idle = false;
        connection.deadline = clock.getAsLong() + limits.headTimeout().toNanos();
      }
      take(connection);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing a connection: {}", e.toString());
      connection.transport.close();
    } finally {
      afterRead.accept(connection);
    }
  }

  private void take(Connection connection) throws IOException {
    ByteBuffer received = connection.received;
    int end = Request.headEnd(received.array(), received.position());
    if (end < 0) {
      if (received.position() >= Limits.MAX_HEAD_BYTES) {
        refuse(connection, 431, "Request header fields too large");
        return;
      }
      interest(connection);
      return;
    }
    Request request;
    try {
      request = Request.parse(received.array(), end);
    } catch (Request.Refused refused) {
      refuse(connection, refused.status, refused.getMessage());
      return;
    }
    if (request.contentLength > Limits.MAX_BODY_BYTES) {
      refuse(connection, 413, "Request body too large");
      return;
    }
    int total = end + (int) request.contentLength;
    if (received.position() < total) {
      connection.ensureCapacity(total, Limits.MAX_HEAD_BYTES + Limits.MAX_BODY_BYTES);
      interest(connection);
      return;
    }
    byte[] body = new byte[(int) request.contentLength];
    System.arraycopy(received.array(), end, body, 0, body.length);
    request.body = body;
    connection.consume(total);
    dispatch(connection, request);
  }

  private void dispatch(Connection connection, Request request) throws IOException {
    if (rateLimit != null && !rateLimit.tryTake(clock.getAsLong())) {
      refuse(connection, 429, "Too many requests, see rate_limit in the web config");
      return;
    }
    UncheckedAdmission admission =
        unchecked != null && unchecked.needed(request) ? unchecked : null;
    if (admission != null && !admission.tryEnter()) {
      refuse(
          connection,
          429,
          "Too many requests with unchecked credentials at once (" + admission.atOnce() + ")");
      return;
    }
    if (!permits.tryAcquire()) {
      if (admission != null) {
        admission.leave();
      }
      refuse(
          connection, 503, "Too many requests at once (max_requests " + limits.maxRequests() + ")");
      return;
    }
    hand(connection, request, admission);
  }

  /** Gives a request, with the permits acquired for it, to a worker. */
  private void hand(
      Connection connection, Request request, @Nullable UncheckedAdmission admission) {
    connection.busy = true;
    connection.key.interestOps(0);
    try {
      Runnable task = () -> serve(connection, request, admission);
      if (admission == null) {
        workers.execute(task);
      } else {
        workers.executeAtOnce(task); // a bcrypt check must not hold up the queued scrapes
      }
    } catch (RuntimeException e) {
      release(admission);
      connection.transport.close();
    }
  }

  private void release(@Nullable UncheckedAdmission admission) {
    permits.release();
    if (admission != null) {
      admission.leave();
    }
  }

  /** On a worker: runs the handler, then gives the connection back to the front or closes it. */
  private void serve(
      Connection connection, Request request, @Nullable UncheckedAdmission admission) {
    boolean reuse = false;
    FrontExchange exchange =
        new FrontExchange(
            connection,
            request,
            request.uri.getPath(),
            limits.writeTimeout().toNanos(),
            new Transport.WriteWaiter(workers::waitingForClient, workers::clientTookMore));
    try {
      handler.handle(exchange);
      reuse = exchange.finish();
    } catch (IOException | RuntimeException e) {
      LOG.debug("A request ended without its response: {}", e.toString());
      exchange.abandon();
    } finally {
      release(admission);
      if (reuse && open) {
        returned.add(connection);
        selector.wakeup();
      } else {
        connection.transport.close();
      }
    }
  }

  /** On the front, for a connection a worker gave back: waits for its next request. */
  private void resume(Connection connection) {
    connection.busy = false;
    connection.idle = connection.received.position() == 0;
    connection.deadline =
        clock.getAsLong()
            + (connection.idle ? limits.idleTimeout() : limits.headTimeout()).toNanos();
    if (!connection.key.isValid()) {
      connection.transport.close();
      return;
    }
    connection.key.interestOps(SelectionKey.OP_READ);
    readable(connection);
  }

  private void interest(Connection connection) {
    if (connection.key.isValid()) {
      connection.key.interestOps(
          SelectionKey.OP_READ
              | (connection.transport.hasPendingOutput() ? SelectionKey.OP_WRITE : 0));
    }
  }

  /** Answers a request the front does not serve, with no waiting, and closes the connection. */
  private void refuse(Connection connection, int status, String reason) {
    byte[] body = (reason + "\n").getBytes(ISO_8859_1);
    byte[] head =
        ("HTTP/1.1 " + status + " " + Statuses.reason(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (status == 503 || status == 429 ? "Retry-After: 1\r\n" : "")
                + "Connection: close\r\n\r\n")
            .getBytes(ISO_8859_1);
    ByteBuffer response = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    try (Transport.WriteWaiter noWait = new Transport.WriteWaiter()) {
      connection.transport.write(response, Transport.NO_WAIT, noWait);
    } catch (IOException e) {
      // a client that does not read even this gets the closed connection alone
    }
    connection.transport.close();
  }

  private void sweep(long now) {
    List<Connection> late = new ArrayList<>();
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection connection
          && !connection.busy
          && now - connection.deadline >= 0) {
        late.add(connection);
      }
    }
    late.forEach(connection -> connection.transport.close());
  }

  private void closeLongestWaiting() {
    Connection oldest = null;
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection connection
          && !connection.busy
          && (oldest == null || connection.deadline - oldest.deadline < 0)) {
        oldest = connection;
      }
    }
    if (oldest != null) {
      oldest.transport.close();
    }
  }
}
