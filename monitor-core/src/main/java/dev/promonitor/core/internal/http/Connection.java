package dev.promonitor.core.internal.http;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * One client connection: its transport and the bytes of the request head that is arriving. The
 * front owns it while a head arrives; while {@link #busy}, the worker that serves it does.
 */
final class Connection {

  private static final int FIRST_HEAD_BUFFER = 1024;

  final Transport transport;
  final SelectionKey key;
  /** The bytes received and not yet taken as a request, in write mode. */
  ByteBuffer received = ByteBuffer.allocate(FIRST_HEAD_BUFFER);
  /** The {@code System.nanoTime()} by which the head must have arrived (or, idle, a first byte). */
  long deadline;
  /** Whether a worker serves it now (the front does not touch it then). */
  boolean busy;
  /** Whether it waits for a request after a response: its deadline is then the idle limit. */
  boolean idle;

  Connection(Transport transport, SelectionKey key, long deadline) {
    this.transport = transport;
    this.key = key;
    this.deadline = deadline;
  }

  /** Makes room for {@code needed} bytes in all, up to {@code max}. Returns false beyond it. */
  boolean ensureCapacity(int needed, int max) {
    if (received.capacity() >= needed) {
      return true;
    }
    if (needed > max) {
      return false;
    }
    ByteBuffer larger = ByteBuffer.allocate(Math.min(max, Math.max(needed, received.capacity() * 2)));
    received.flip();
    larger.put(received);
    received = larger;
    return true;
  }

  /** Drops the first {@code count} bytes, those of the request just taken. */
  void consume(int count) {
    received.flip();
    received.position(count);
    ByteBuffer rest = ByteBuffer.allocate(Math.max(FIRST_HEAD_BUFFER, received.remaining()));
    rest.put(received);
    received = rest;
  }
}
