package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {

  private static List<MetricFamilySamples> gauge(String help, String label, double value) {
    return List.of(
        new MetricFamilySamples(
            "queue_depth",
            Type.GAUGE,
            help,
            List.of(new Sample("queue_depth", List.of("queue"), List.of(label), value))));
  }

  @Test
  void snapshotHoldsAnEqualCollectionMadeOfOtherObjects() {
    MetricsSnapshot snapshot = MetricsSnapshot.copyOf(gauge("Depth.", "orders", 3));

    assertThat(snapshot.holds(gauge("Depth.", "orders", 3))).isTrue();
  }

  @Test
  void snapshotDoesNotHoldAnotherValueLabelHelpOrFamilyCount() {
    MetricsSnapshot snapshot = MetricsSnapshot.copyOf(gauge("Depth.", "orders", 3));

    assertThat(snapshot.holds(gauge("Depth.", "orders", 4))).isFalse();
    assertThat(snapshot.holds(gauge("Depth.", "invoices", 3))).isFalse();
    assertThat(snapshot.holds(gauge("Queue depth.", "orders", 3))).isFalse();
    assertThat(snapshot.holds(List.of())).isFalse();
  }

  @Test
  void valuesAreComparedByTheirBits() {
    MetricsSnapshot zero = MetricsSnapshot.copyOf(gauge("Depth.", "orders", 0.0));
    MetricsSnapshot nan = MetricsSnapshot.copyOf(gauge("Depth.", "orders", Double.NaN));

    assertThat(zero.holds(gauge("Depth.", "orders", -0.0))).as("-0.0 renders otherwise").isFalse();
    assertThat(nan.holds(gauge("Depth.", "orders", Double.NaN))).isTrue();
  }

  @Test
  void timestampsAreCompared() {
    List<MetricFamilySamples> stamped =
        List.of(new MetricFamilySamples("queue_depth", Type.GAUGE, "Depth.",
            List.of(new Sample("queue_depth", List.of(), List.of(), 3, 1_000L))));
    List<MetricFamilySamples> later =
        List.of(new MetricFamilySamples("queue_depth", Type.GAUGE, "Depth.",
            List.of(new Sample("queue_depth", List.of(), List.of(), 3, 2_000L))));

    assertThat(MetricsSnapshot.copyOf(stamped).holds(later)).isFalse();
  }
}
