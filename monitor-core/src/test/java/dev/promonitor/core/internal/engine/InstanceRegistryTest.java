package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An instance's registry collects what simpleclient's would, in the order of registration. */
class InstanceRegistryTest {

  private final InstanceRegistry registry = new InstanceRegistry();

  private static List<String> names(List<MetricFamilySamples> families) {
    return families.stream().map(family -> family.name).toList();
  }

  @Test
  void collectsEveryRegisteredCollectorInTheOrderOfRegistration() {
    Gauge.build("b_value", "B.").register(registry).set(2);
    Counter.build("a_events_total", "A.").register(registry).inc();
    Gauge.build("c_value", "C.").register(registry).set(3);

    List<MetricFamilySamples> collected = registry.collect();

    assertThat(names(collected)).containsExactly("b_value", "a_events", "c_value");
    assertThat(collected)
        .containsExactlyInAnyOrderElementsOf(Collections.list(registry.metricFamilySamples()));
  }

  @Test
  void anUnregisteredCollectorIsNoLongerCollected() {
    Gauge first = Gauge.build("first_value", "First.").register(registry);
    Gauge.build("second_value", "Second.").register(registry);
    Gauge.build("third_value", "Third.").register(registry);

    registry.unregister(first);

    assertThat(names(registry.collect())).containsExactly("second_value", "third_value");
  }

  @Test
  void aClearedRegistryCollectsNothingAndTakesTheSameNamesAgain() {
    Gauge.build("kept_value", "Kept.").register(registry);

    registry.clear();
    Gauge.build("kept_value", "Kept.").register(registry).set(1);

    assertThat(names(registry.collect())).containsExactly("kept_value");
  }

  @Test
  void aCollectorRefusedForADuplicateNameIsNotCollected() {
    Gauge.build("taken_value", "Taken.").register(registry).set(1);
    Gauge duplicate = Gauge.build("taken_value", "Again.").create();

    assertThatThrownBy(() -> registry.register(duplicate)).isInstanceOf(IllegalArgumentException.class);

    assertThat(registry.collect()).singleElement().satisfies(family -> assertThat(family.help).isEqualTo("Taken."));
  }
}
