package dev.promonitor.core.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What a scripted test exporter does in each call: its "config". */
public record Script(
    Step onInit, Step onExport, Supplier<CompletionStage<Void>> onExportAsync, Step onClose) {

  /** One call's behaviour. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  public static Script exporting(Step onExport) {
    return new Script(() -> {}, onExport, () -> CompletableFuture.completedFuture(null), () -> {});
  }

  public static Script exportingAsync(Supplier<CompletionStage<Void>> onExportAsync) {
    return new Script(() -> {}, () -> {}, onExportAsync, () -> {});
  }

  public Script withInit(Step init) {
    return new Script(init, onExport, onExportAsync, onClose);
  }

  public Script withClose(Step close) {
    return new Script(onInit, onExport, onExportAsync, close);
  }
}
