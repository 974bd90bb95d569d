package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedCollectionTest {

  /** Counts its collections; each one waits for {@code release} once {@code entered} is counted. */
  private static final class Gated extends Collector {
    final AtomicInteger collections = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<MetricFamilySamples> collect() {
      int collection = collections.incrementAndGet();
      entered.countDown();
      try {
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(new GaugeMetricFamily("collection_number", "Which collection.", collection));
    }
  }

  @Test
  void aScrapeThatComesDuringACollectionSharesIt() throws Exception {
    Gated gated = new Gated();
    SharedCollection shared = new SharedCollection(List.of(gated));
    CompletableFuture<List<Collector.MetricFamilySamples>> first =
        CompletableFuture.supplyAsync(shared::collect);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<List<Collector.MetricFamilySamples>> second =
        CompletableFuture.supplyAsync(shared::collect);
    while (!shared.anyWaiting()) {
      Thread.onSpinWait(); // until the second scrape waits for the running collection
    }

    gated.release.countDown();

    assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(first.get(30, TimeUnit.SECONDS));
    assertThat(gated.collections).hasValue(1);
  }

  @Test
  void aScrapeThatComesAfterTheWindowCollectsAfresh() {
    Gated gated = new Gated();
    gated.release.countDown();
    AtomicLong clock = new AtomicLong();
    SharedCollection shared = new SharedCollection(List.of(gated), clock::get);

    double first = shared.collect().get(0).samples.get(0).value;
    clock.addAndGet(SharedCollection.FRESH_NANOS);
    double second = shared.collect().get(0).samples.get(0).value;

    assertThat(first).isEqualTo(1.0);
    assertThat(second).isEqualTo(2.0);
  }

  @Test
  void aScrapeWithinTheWindowAfterACollectionSharesIt() {
    Gated gated = new Gated();
    gated.release.countDown();
    AtomicLong clock = new AtomicLong();
    SharedCollection shared = new SharedCollection(List.of(gated), clock::get);

    List<Collector.MetricFamilySamples> first = shared.collect();
    clock.addAndGet(SharedCollection.FRESH_NANOS - 1);

    assertThat(shared.collect()).isSameAs(first);
    assertThat(gated.collections).hasValue(1);
  }
}
