package dev.promonitor.core.internal.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine}, so that a handshake that stalls holds
 * no thread: the front reads and answers handshake records as they arrive and a worker only sees
 * a connection once a whole request head has been decrypted. Buffers grow only when a peer sends
 * records that need them: a connection that sent half a ClientHello holds 4 KB.
 */
final class TlsTransport extends Transport {

  private static final int FIRST_READ_BUFFER = 4096;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  /** Records as they arrived, in write mode. */
  private ByteBuffer netIn = ByteBuffer.allocate(FIRST_READ_BUFFER);
  /** Decrypted bytes not yet taken, in read mode. */
  private ByteBuffer appIn = ByteBuffer.allocate(0);
  /** Records to send, in read mode. */
  private ByteBuffer netOut = ByteBuffer.allocate(0);

  TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
    super(channel);
    this.engine = engine;
    engine.beginHandshake();
  }

  @Override
  int read(ByteBuffer destination) throws IOException {
    int added = 0;
    while (true) {
      if (appIn.hasRemaining()) {
        added += move(appIn, destination);
        if (!destination.hasRemaining()) {
          return added;
        }
      }
      if (netOut.hasRemaining()) {
        channel.write(netOut);
        if (netOut.hasRemaining()) {
          return added;
        }
      }
      HandshakeStatus handshake = engine.getHandshakeStatus();
      if (handshake == HandshakeStatus.NEED_TASK) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
          task.run();
        }
        continue;
      }
      if (handshake == HandshakeStatus.NEED_WRAP) {
        if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.CLOSED && !netOut.hasRemaining()) {
          return added > 0 ? added : -1;
        }
        continue;
      }
      netIn.flip();
      SSLEngineResult result;
      try {
        appIn.compact();
        try {
          result = engine.unwrap(netIn, appIn);
        } finally {
          appIn.flip();
        }
      } finally {
        netIn.compact();
      }
      switch (result.getStatus()) {
        case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        case CLOSED -> {
          if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            continue;
          }
          return added > 0 ? added : -1;
        }
        case BUFFER_UNDERFLOW, OK -> {
          if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
            continue;
          }
          if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK
              || result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            continue;
          }
          if (!netIn.hasRemaining()) {
            netIn = growWriting(netIn, engine.getSession().getPacketBufferSize());
          }
          int read = channel.read(netIn);
          if (read < 0) {
            return added > 0 ? added : -1;
          }
          if (read == 0) {
            return added;
          }
        }
      }
    }
  }

  @Override
  void write(ByteBuffer source, long deadline, WriteWaiter waiter) throws IOException {
    while (source.hasRemaining()) {
      drain(channel, netOut, deadline, waiter);
      SSLEngineResult result = wrap(source);
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new EOFException("the TLS connection is closed");
      }
    }
    drain(channel, netOut, deadline, waiter);
  }

  @Override
  boolean hasPendingOutput() {
    return netOut.hasRemaining();
  }

  @Override
  SSLSession session() {
    return engine.getSession();
  }

  @Override
  void close() {
    try {
      engine.closeOutbound();
      wrap(EMPTY);
      channel.write(netOut);
    } catch (IOException | RuntimeException e) {
      // a close_notify is a courtesy; the socket closes anyway
    }
    super.close();
  }

  private SSLEngineResult wrap(ByteBuffer source) throws SSLException {
    while (true) {
      netOut.compact();
      SSLEngineResult result;
      try {
        result = engine.wrap(source, netOut);
      } finally {
        netOut.flip();
      }
      if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
        return result;
      }
      netOut = grow(netOut, engine.getSession().getPacketBufferSize());
    }
  }

  private static int move(ByteBuffer from, ByteBuffer to) {
    int count = Math.min(from.remaining(), to.remaining());
    ByteBuffer slice = from.slice();
    slice.limit(count);
    to.put(slice);
    from.position(from.position() + count);
    return count;
  }

  /** A larger buffer in read mode with the unread bytes of {@code buffer} (in read mode). */
  private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
    ByteBuffer larger =
        ByteBuffer.allocate(Math.max(atLeast, buffer.remaining()) + buffer.remaining());
    larger.put(buffer);
    larger.flip();
    return larger;
  }

  /** A larger buffer in write mode with the bytes of {@code buffer} (in write mode). */
  private static ByteBuffer growWriting(ByteBuffer buffer, int atLeast) {
    ByteBuffer larger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
    buffer.flip();
    larger.put(buffer);
    return larger;
  }
}
