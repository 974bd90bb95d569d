package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InstancesCollectorTest {

  private static final TaskTimer TIMER = new SystemTaskTimer("test-timer");

  /** An instance with what {@code setup} registers, whose first run has succeeded. */
  private static ExporterInstance instance(String name, Consumer<CollectorRegistry> setup) {
    ExporterInstance instance =
        Instances.blocking(name, Script.exporting(() -> {}), Duration.ofSeconds(1), TIMER);
    setup.accept(instance.registry());
    runOnce(instance);
    return instance;
  }

  private static void runOnce(ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    instance.runBlocking(ThreadAbandonment.NONE);
  }

  private static ExporterInstance failingAfterFirstRun(String name, FailurePolicy policy) {
    int[] runs = {0};
    ExporterInstance instance =
        Instances.blocking(
            name,
            Script.exporting(
                () -> {
                  if (++runs[0] > 1) {
                    throw new java.io.IOException("source unreachable");
                  }
                }),
            ExporterSchedule.every(Duration.ofSeconds(1)).withOnFailure(policy),
            TIMER);
    Gauge.build(name + "_value", "Value.").register(instance.registry()).set(7);
    return instance;
  }

  @Test
  void instanceIsNotServedBeforeItsFirstSuccessfulRun() {
    ExporterInstance instance = failingAfterFirstRun("fresh", FailurePolicy.KEEP);
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(instance)));

    assertThat(host.getSampleValue("fresh_value")).isNull();
    runOnce(instance);
    assertThat(host.getSampleValue("fresh_value")).isEqualTo(7.0);
  }

  @Test
  void dropPolicyHidesTheSeriesAfterAFailedRunAndKeepPolicyServesTheLastValues() {
    ExporterInstance dropping = failingAfterFirstRun("dropping", FailurePolicy.DROP);
    ExporterInstance keeping = failingAfterFirstRun("keeping", FailurePolicy.KEEP);
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(dropping, keeping)));
    runOnce(dropping);
    runOnce(keeping);

    runOnce(dropping);
    runOnce(keeping);

    assertThat(dropping.stats().snapshot().failures()).isEqualTo(1);
    assertThat(host.getSampleValue("dropping_value")).isNull();
    assertThat(host.getSampleValue("keeping_value")).isEqualTo(7.0);
  }

  @Test
  void familiesOfTheSameNameFromTwoInstancesAreServedAsOne() {
    ExporterInstance first =
        instance(
            "first",
            registry ->
                Gauge.build("bucket_size_bytes", "Size.").labelNames("bucket_name").register(registry)
                    .labels("logs").set(10));
    ExporterInstance second =
        instance(
            "second",
            registry ->
                Gauge.build("bucket_size_bytes", "Size.").labelNames("bucket_name").register(registry)
                    .labels("images").set(20));
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(first, second)));

    List<Collector.MetricFamilySamples> families = Collections.list(host.metricFamilySamples());

    assertThat(families).hasSize(1);
    assertThat(families.get(0).samples)
        .extracting(sample -> sample.labelValues.get(0) + "=" + sample.value)
        .containsExactly("logs=10.0", "images=20.0");
  }

  @Test
  void instanceWhoseCollectorThrowsFailsItsRunAndIsLeftOutWhileTheOthersAreServed() {
    boolean[] failing = {false};
    ExporterInstance broken =
        instance(
            "broken",
            registry -> {
              new Collector() {
                @Override
                public List<MetricFamilySamples> collect() {
                  if (failing[0]) {
                    throw new IllegalStateException("collect-time failure");
                  }
                  return List.of();
                }
              }.register(registry);
            });
    failing[0] = true;
    runOnce(broken);
    ExporterInstance healthy =
        instance("healthy", registry -> Gauge.build("healthy_value", "Value.").register(registry).set(1));
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(broken, healthy)));

    assertThat(host.getSampleValue("healthy_value")).isEqualTo(1.0);
    assertThat(broken.stats().snapshot().failures()).isEqualTo(1);
    assertThat(broken.stats().snapshot().lastError())
        .isEqualTo("collecting the metrics failed: java.lang.IllegalStateException: collect-time failure");
    assertThat(broken.isServable()).isFalse();
  }

  @Test
  void sampleNameFilterReachesTheInstances() {
    ExporterInstance instance =
        instance(
            "filtered",
            registry -> {
              Gauge.build("kept", "Kept.").register(registry).set(1);
              Gauge.build("dropped", "Dropped.").register(registry).set(2);
            });
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(instance)));

    List<Collector.MetricFamilySamples> families =
        Collections.list(host.filteredMetricFamilySamples(java.util.Set.of("kept")));

    assertThat(families).extracting(family -> family.name).containsExactly("kept");
  }
}
