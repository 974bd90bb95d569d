package dev.promonitor.core.internal.http;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterStatus;
import java.util.List;
import java.util.function.Supplier;

/** What the status page and the JSON API show: the host's execution mode and its exporters now. */
public interface StatusSource {

  /**
   * The execution mode, as in the config file.
   *
   * @return for example {@code async}
   */
  String mode();

  /**
   * The state of every exporter instance now; called on an HTTP thread for each request.
   *
   * @return one status per instance, in config order
   */
  List<ExporterStatus> exporters();

  /**
   * The host's shard, for a sharded runner.
   *
   * @return its index; 0 by default
   */
  default int shardIndex() {
    return 0;
  }

  /**
   * The number of shards, for a sharded runner.
   *
   * @return 1 or more; 1 by default
   */
  default int shardCount() {
    return 1;
  }

  /**
   * A source over a fixed mode and shard and a live list.
   *
   * @param mode the execution mode
   * @param shardIndex the host's shard
   * @param shardCount the number of shards
   * @param exporters gives the exporters' state on each call
   * @return the source
   */
  static StatusSource of(
      String mode, int shardIndex, int shardCount, Supplier<List<ExporterStatus>> exporters) {
    StatusSource source = of(mode, exporters);
    return new StatusSource() {
      @Override
      public String mode() {
        return source.mode();
      }

      @Override
      public List<ExporterStatus> exporters() {
        return source.exporters();
      }

      @Override
      public int shardIndex() {
        return shardIndex;
      }

      @Override
      public int shardCount() {
        return shardCount;
      }
    };
  }

  /**
   * A source over a fixed mode and a live list.
   *
   * @param mode the execution mode
   * @param exporters gives the exporters' state on each call
   * @return the source
   */
  static StatusSource of(String mode, Supplier<List<ExporterStatus>> exporters) {
    requireNonNull(mode, "mode must not be null");
    requireNonNull(exporters, "exporters must not be null");
    return new StatusSource() {
      @Override
      public String mode() {
        return mode;
      }

      @Override
      public List<ExporterStatus> exporters() {
        return exporters.get();
      }
    };
  }
}
