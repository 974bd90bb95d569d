package dev.promonitor.core.internal.exposition;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream (RFC 1952, one member) made of bytes compressed now and of samples compressed once
 * before: each of those is a run of raw deflate blocks that ends on a sync flush (byte-aligned, not
 * final), so it can follow any such run; the compressor is reset after each, so that nothing
 * compressed later refers back across it. The member's CRC-32 is combined from the pieces' own.
 * Compression is at its fastest level: metrics text compresses about as well, at a fraction of the
 * CPU.
 */
public final class GzipBody extends OutputStream {

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};

  private final OutputStream out;
  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final byte[] buffer = new byte[16 * 1024];
  /** The CRC-32 of the bytes compressed now since the last piece compressed before. */
  private final CRC32 run = new CRC32();
  private long runLength;
  /** The CRC-32 of everything before {@link #run}. */
  private long crc;
  private long total;
  /** Whether the compressor took input since it was last reset. */
  private boolean dirty;
  private boolean closed;

  /**
   * Starts the stream with its header.
   *
   * @param out where the compressed bytes go
   * @throws IOException when {@code out} fails
   */
  public GzipBody(OutputStream out) throws IOException {
    this.out = out;
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    run.update(bytes, offset, length);
    runLength += length;
    total += length;
    dirty = true;
    deflater.setInput(bytes, offset, length);
    while (!deflater.needsInput()) {
      int count = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
      out.write(buffer, 0, count);
    }
  }

  /** Writes samples that were compressed once before, as they are. */
  void writeDeflated(FamilyBytes.Deflated deflated) throws IOException {
    if (dirty) {
      int count;
      do {
        count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        out.write(buffer, 0, count);
      } while (count == buffer.length);
      deflater.reset();
      dirty = false;
    }
    out.write(deflated.bytes());
    endRun();
    crc = Crc32Combine.combine(crc, deflated.crc(), deflated.length());
    total += deflated.length();
  }

  /** Ends the stream with its last block and trailer, and closes {@code out}. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      deflater.finish();
      while (!deflater.finished()) {
        int count = deflater.deflate(buffer, 0, buffer.length);
        out.write(buffer, 0, count);
      }
      endRun();
      byte[] trailer = new byte[8];
      littleEndian(trailer, 0, crc);
      littleEndian(trailer, 4, total);
      out.write(trailer);
    } finally {
      deflater.end();
    }
    out.close();
  }

  /** Releases the compressor when the body is given up before its end. */
  public void abandon() {
    deflater.end();
  }

  private void endRun() {
    crc = Crc32Combine.combine(crc, run.getValue(), runLength);
    run.reset();
    runLength = 0;
  }

  private static void littleEndian(byte[] into, int offset, long value) {
    for (int i = 0; i < 4; i++) {
      into[offset + i] = (byte) (value >>> (8 * i));
    }
  }
}
