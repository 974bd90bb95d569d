package dev.promonitor.core.internal.exposition;

import io.prometheus.client.Collector;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a scrape writes of the instances' snapshots: the rendered bytes of every family, merged by
 * name as one family (one head, then each instance's samples), in the order the families first
 * appear; in the text format the OpenMetrics-only samples' gauges follow, sorted by name, as
 * simpleclient writes them. A family whose name another instance serves as another type is left
 * out. Nothing is rendered here, and only runs of small pieces are copied, once per assembly: the
 * large pieces are the snapshots' own bytes.
 *
 * <p>What a scrape collects afresh (the JVM's metrics) is assembled apart and put in its place
 * around an assembly kept from the last scrape ({@link #around}), so that the instances' part is
 * assembled again only when one of their snapshots changed.
 */
public final class Exposition {

  /** Runs of small pieces are copied into chunks of about this size, once per assembly. */
  private static final int CHUNK = 64 * 1024;

  private final List<SnapshotBytes> sources;
  /** Whose each source is, by position. */
  private final List<String> owners;
  private final Format format;
  private final List<Piece> pieces;
  /** Where the text format's extra gauges start in {@link #pieces}. */
  private final int extrasAt;
  /** The names of every family and extra gauge written. */
  private final Set<String> names;
  private final long length;
  /** The assembly that later scrapes may keep: this one, or the part of it made of kept sources. */
  private final Exposition kept;
  /** What was put around {@link #kept} ({@link #around}), fresh then last; else empty. */
  private final List<SnapshotBytes> aroundSources;

  /** A run of bytes of the body; {@code samples} when they may be sent compressed once. */
  record Piece(Slice bytes, @Nullable FamilyBytes samples) {}

  private Exposition(
      List<SnapshotBytes> sources,
      List<String> owners,
      Format format,
      List<Piece> pieces,
      int extrasAt,
      Set<String> names,
      long length,
      @Nullable Exposition kept,
      List<SnapshotBytes> aroundSources) {
    this.sources = sources;
    this.owners = owners;
    this.aroundSources = aroundSources;
    this.format = format;
    this.pieces = pieces;
    this.extrasAt = extrasAt;
    this.names = names;
    this.length = length;
    this.kept = kept == null ? this : kept;
  }

  /**
   * The assembly of the sources that a later scrape of the same snapshots may write again.
   *
   * @return this assembly, or the part of it that was not collected afresh
   */
  public Exposition kept() {
    return kept;
  }

  /**
   * This assembly with {@code fresh}'s families after its own families and before its extra
   * gauges, and {@code last} after both (never merged: as if rendered apart), without merging or
   * copying anything; {@code null} when that would not be the assembly of this one's sources and
   * {@code fresh}'s: {@code fresh} shares a family name with this one, or has extra gauges of its
   * own.
   */
  @Nullable Exposition around(Exposition fresh, Exposition last) {
    if (fresh.extrasAt != fresh.pieces.size() || !disjoint(fresh)) {
      return null;
    }
    List<Piece> all = new ArrayList<>(pieces.size() + fresh.pieces.size() + last.pieces.size());
    all.addAll(pieces.subList(0, extrasAt));
    all.addAll(fresh.pieces);
    all.addAll(pieces.subList(extrasAt, pieces.size()));
    all.addAll(last.pieces);
    List<SnapshotBytes> around = new ArrayList<>(fresh.sources.size() + last.sources.size());
    around.addAll(fresh.sources);
    around.addAll(last.sources);
    return new Exposition(
        sources,
        owners,
        format,
        all,
        all.size(),
        Set.of(),
        length + fresh.length + last.length,
        this,
        List.copyOf(around));
  }

  /** Whether this is {@code kept} with the same fresh and last parts around it, by identity. */
  boolean isAround(Exposition kept, List<SnapshotScrape.Part> fresh, List<SnapshotScrape.Part> last) {
    if (this.kept != kept || this == kept || aroundSources.size() != fresh.size() + last.size()) {
      return false;
    }
    for (int i = 0; i < aroundSources.size(); i++) {
      SnapshotScrape.Part part = i < fresh.size() ? fresh.get(i) : last.get(i - fresh.size());
      if (aroundSources.get(i) != part.bytes()) {
        return false;
      }
    }
    return true;
  }

  /** This assembly followed by {@code last}, whatever their names; its {@link #kept()} is kept. */
  Exposition followedBy(Exposition last, Exposition kept) {
    if (last.pieces.isEmpty()) {
      return pieces.isEmpty() || this == kept ? this : withKept(kept);
    }
    List<Piece> all = new ArrayList<>(pieces.size() + last.pieces.size());
    all.addAll(pieces);
    all.addAll(last.pieces);
    return new Exposition(
        sources, owners, format, all, all.size(), Set.of(), length + last.length, kept, List.of());
  }

  private Exposition withKept(Exposition kept) {
    return new Exposition(
        sources, owners, format, pieces, extrasAt, names, length, kept, List.of());
  }

  private boolean disjoint(Exposition other) {
    for (String name : other.names) {
      if (names.contains(name)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this assembly serves the same owners, in the same order and format, each with the
   * snapshot of {@code parts} or a later one: a scrape may write it in place of its own, older
   * view (it collected just before another scrape assembled newer snapshots).
   */
  boolean covers(List<SnapshotScrape.Part> parts, Format format) {
    if (this.format != format || sources.size() != parts.size()) {
      return false;
    }
    for (int i = 0; i < parts.size(); i++) {
      SnapshotScrape.Part part = parts.get(i);
      SnapshotBytes source = sources.get(i);
      if (source != part.bytes()
          && (source.sequence < part.bytes().sequence || !owners.get(i).equals(part.owner()))) {
        return false;
      }
    }
    return true;
  }

  static Exposition of(List<SnapshotScrape.Part> parts, Format format) {
    Map<String, Merged> families = new LinkedHashMap<>();
    Map<String, Merged> extras = new TreeMap<>();
    for (SnapshotScrape.Part part : parts) {
      for (FamilyBytes family : part.bytes().families(format)) {
        Merged merged = families.get(family.name());
        if (merged == null) {
          families.put(family.name(), new Merged(family));
        } else if (merged.type() != family.type()) {
          part.clashes().leftOut(part.owner(), family.name(), merged.type());
          continue;
        } else {
          merged.add(family);
        }
        for (FamilyBytes extra : family.extras()) {
          Merged gauge = extras.get(extra.name());
          if (gauge == null) {
            extras.put(extra.name(), new Merged(extra));
          } else {
            gauge.add(extra);
          }
        }
      }
    }
    Chunks chunks = new Chunks();
    int extrasAt = 0;
    for (Map<String, Merged> section : List.of(families, extras)) {
      if (section == extras) {
        extrasAt = chunks.endSection();
      }
      for (Merged merged : section.values()) {
        chunks.add(merged.first.head(), null);
        for (FamilyBytes member : merged.members) {
          chunks.add(member.samples(), member.deflatedOnce() ? member : null);
        }
      }
    }
    List<SnapshotBytes> sources = new ArrayList<>(parts.size());
    List<String> owners = new ArrayList<>(parts.size());
    for (SnapshotScrape.Part part : parts) {
      sources.add(part.bytes());
      owners.add(part.owner());
    }
    Set<String> names = new HashSet<>(families.keySet());
    names.addAll(extras.keySet());
    return new Exposition(
        List.copyOf(sources),
        List.copyOf(owners),
        format,
        chunks.done(),
        extrasAt,
        names,
        chunks.length,
        null,
        List.of());
  }

  /**
   * Copies runs of small pieces into chunks, so that a scrape writes a few large arrays; large
   * samples stay where they were rendered, never copied.
   */
  private static final class Chunks {
    private final List<Piece> pieces = new ArrayList<>();
    private final java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream(CHUNK);
    private long length;

    void add(Slice bytes, @Nullable FamilyBytes deflatable) {
      if (bytes.length() == 0) {
        return;
      }
      length += bytes.length();
      if (deflatable != null || bytes.length() >= FamilyBytes.DEFLATE_AT_LEAST) {
        endRun();
        pieces.add(new Piece(bytes, deflatable));
        return;
      }
      run.write(bytes.array(), bytes.offset(), bytes.length());
      if (run.size() >= CHUNK) {
        endRun();
      }
    }

    /** Ends the run of small pieces, so that what follows starts a piece: the pieces so far. */
    int endSection() {
      endRun();
      return pieces.size();
    }

    private void endRun() {
      if (run.size() > 0) {
        byte[] chunk = run.toByteArray();
        pieces.add(new Piece(new Slice(chunk, 0, chunk.length), null));
        run.reset();
      }
    }

    List<Piece> done() {
      endRun();
      return List.copyOf(pieces);
    }
  }

  /**
   * The number of bytes {@link #writeTo} writes.
   *
   * @return the length
   */
  public long length() {
    return length;
  }

  /**
   * Writes the bytes as they are.
   *
   * @param out where they go
   * @throws IOException when {@code out} fails
   */
  public void writeTo(OutputStream out) throws IOException {
    for (Piece piece : pieces) {
      Slice bytes = piece.bytes();
      out.write(bytes.array(), bytes.offset(), bytes.length());
    }
  }

  /**
   * Writes the bytes into a gzip body: large samples as they were compressed once, the rest
   * compressed now.
   *
   * @param gzip the body
   * @throws IOException when the body's stream fails
   */
  public void writeTo(GzipBody gzip) throws IOException {
    for (Piece piece : pieces) {
      FamilyBytes samples = piece.samples();
      if (samples != null) {
        gzip.writeDeflated(samples.deflated());
      } else {
        Slice bytes = piece.bytes();
        gzip.write(bytes.array(), bytes.offset(), bytes.length());
      }
    }
  }

  /** One family's head, from its first instance, and every instance's samples. */
  private static final class Merged {
    private final FamilyBytes first;
    private final List<FamilyBytes> members = new ArrayList<>(1);

    Merged(FamilyBytes first) {
      this.first = first;
      members.add(first);
    }

    Collector.Type type() {
      return first.type();
    }

    void add(FamilyBytes member) {
      members.add(member);
    }
  }
}
