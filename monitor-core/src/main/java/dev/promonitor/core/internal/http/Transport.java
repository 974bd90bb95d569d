package dev.promonitor.core.internal.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * How the bytes of one connection cross its socket: as they are, or through TLS. The socket is
 * non-blocking: reads take what has arrived, writes wait for the socket with a deadline. A
 * transport is used by one thread at a time (the front while a request head arrives, then the
 * worker that serves it).
 */
abstract class Transport {

  /** A deadline that means "do not wait at all". */
  static final long NO_WAIT = 0;

  final SocketChannel channel;

  Transport(SocketChannel channel) {
    this.channel = channel;
  }

  /**
   * Reads what has arrived, without waiting, into {@code destination}.
   *
   * @return the bytes added, or -1 when the client closed the connection and nothing was added
   * @throws IOException when the connection broke, or a TLS handshake failed
   */
  abstract int read(ByteBuffer destination) throws IOException;

  /**
   * Writes all of {@code source}, waiting for the socket while the client reads.
   *
   * @param deadline the {@link System#nanoTime()} after which a socket that accepts nothing ends
   *     the write with a {@link SocketTimeoutException}; {@link #NO_WAIT} to wait not at all
   * @param waiter waits for the socket; one per exchange
   */
  abstract void write(ByteBuffer source, long deadline, WriteWaiter waiter) throws IOException;

  /** Whether handshake output waits for the socket to accept it (the front then asks OP_WRITE). */
  boolean hasPendingOutput() {
    return false;
  }

  /** The TLS session, or {@code null} for plain HTTP. */
  @Nullable SSLSession session() {
    return null;
  }

  /** Closes the connection, without waiting. */
  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a socket that already broke
    }
  }

  /** Writes all of {@code buffer} to the socket, waiting for it with {@code waiter}. */
  static void drain(SocketChannel channel, ByteBuffer buffer, long deadline, WriteWaiter waiter)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        waiter.await(channel, deadline);
      }
    }
  }

  /** Plain HTTP. */
  static final class Plain extends Transport {

    Plain(SocketChannel channel) {
      super(channel);
    }

    @Override
    int read(ByteBuffer destination) throws IOException {
      return channel.read(destination);
    }

    @Override
    void write(ByteBuffer source, long deadline, WriteWaiter waiter) throws IOException {
      drain(channel, source, deadline, waiter);
    }
  }

  /**
   * Waits until a non-blocking socket can take more bytes, with a selector of its own that is
   * opened on the first wait only (most responses fit in the socket's buffer). A wait that lasts
   * beyond {@link #HELD_AFTER_NANOS} is told to its listener: the thread is held by its client.
   */
  static final class WriteWaiter implements Closeable {

    private static final Runnable NOTHING = () -> {};
    /** How long a wait lasts before its thread counts as held by the client. */
    static final long HELD_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Runnable waiting;
    private final Runnable resumed;
    private @Nullable Selector selector;
    private @Nullable SelectionKey key;

    WriteWaiter() {
      this(NOTHING, NOTHING);
    }

    /**
     * A waiter that tells when its thread starts and stops waiting for the client.
     *
     * @param waiting run before each wait
     * @param resumed run after each wait, however it ended
     */
    WriteWaiter(Runnable waiting, Runnable resumed) {
      this.waiting = waiting;
      this.resumed = resumed;
    }

    void await(SocketChannel channel, long deadline) throws IOException {
      if (deadline == NO_WAIT) {
        throw new SocketTimeoutException("the client does not read its response");
      }
      if (selector == null) {
        selector = Selector.open();
      }
      if (key == null || key.channel() != channel) {
        key = channel.register(selector, SelectionKey.OP_WRITE);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining > 0
          && selector.select(Math.max(1, Math.min(remaining, HELD_AFTER_NANOS) / 1_000_000)) > 0) {
        selector.selectedKeys().clear();
        return; // a client that reads, if not at once: its thread is not held
      }
      remaining = deadline - System.nanoTime();
      waiting.run();
      try {
        if (remaining <= 0 || selector.select(Math.max(1, remaining / 1_000_000)) == 0) {
          if (deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("the client did not read its response in time");
          }
        }
      } finally {
        resumed.run();
      }
      selector.selectedKeys().clear();
    }

    @Override
    public void close() {
      if (selector != null) {
        try {
          selector.close();
        } catch (IOException e) {
          // nothing to release beyond what close() did
        }
        selector = null;
        key = null;
      }
    }
  }
}
