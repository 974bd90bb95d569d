package dev.promonitor.core.testing;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** A test async exporter. */
@ExporterType("http_probe")
public final class TestProbeExporter extends AsyncExporter<TestProbeExporter.Settings> {

  /**
   * Its config: a record whose compact constructor applies the defaults. A missing primitive
   * ({@code insecure}) gets Java's default, so defaults other than zero or false need a wrapper.
   */
  public record Settings(
      String url, @Nullable String apiToken, Integer timeoutSeconds, boolean insecure) {

    /** The default of {@code url}. */
    public static final String DEFAULT_URL = "http://localhost:9100/metrics";

    /** Applies the defaults. */
    public Settings {
      url = url == null ? DEFAULT_URL : url;
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("url: expecting http:// or https://");
      }
      timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
    }
  }

  @Override
  public CompletionStage<Void> exportMetricsAsync() {
    return CompletableFuture.completedFuture(null);
  }

  /** Narrows {@code throws Exception}, which {@code -Xlint:try} flags on every AutoCloseable. */
  @Override
  public void close() {
    // a fixture: nothing to release
  }
}
