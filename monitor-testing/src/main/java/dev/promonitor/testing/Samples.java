package dev.promonitor.testing;

import static java.util.Objects.requireNonNull;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What an exporter's registry held after an export: immutable, with accessors that read well in
 * AssertJ, such as {@code assertThat(samples.value("size_bytes", "path", "/tmp")).hasValue(10)}.
 */
public final class Samples {

  private final List<MetricFamilySamples> families;
  private final List<Sample> samples;

  Samples(List<MetricFamilySamples> families) {
    this.families = List.copyOf(families);
    List<Sample> all = new ArrayList<>();
    for (MetricFamilySamples family : families) {
      for (MetricFamilySamples.Sample sample : family.samples) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < sample.labelNames.size(); i++) {
          labels.put(sample.labelNames.get(i), sample.labelValues.get(i));
        }
        all.add(new Sample(sample.name, labels, sample.value));
      }
    }
    this.samples = List.copyOf(all);
  }

  /**
   * Every sample, family by family in the registry's order.
   *
   * @return the samples
   */
  public List<Sample> all() {
    return samples;
  }

  /**
   * The samples of one name, such as every {@code size_bytes} sample whatever its labels.
   *
   * @param name the sample name
   * @return the samples, empty when there are none
   */
  public List<Sample> named(String name) {
    requireNonNull(name, "name must not be null");
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  /**
   * The value of the sample with exactly these labels.
   *
   * @param name the sample name
   * @param labelNamesAndValues label names and values in turn, such as {@code "path", "/tmp"};
   *     none for a sample without labels
   * @return the value, empty when no sample has that name and exactly those labels
   * @throws IllegalArgumentException when an odd number of label strings is given
   */
  public OptionalDouble value(String name, String... labelNamesAndValues) {
    requireNonNull(name, "name must not be null");
    if (labelNamesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labelNamesAndValues: expecting names and values in pairs. Found: "
              + labelNamesAndValues.length
              + " strings");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelNamesAndValues.length; i += 2) {
      labels.put(labelNamesAndValues[i], labelNamesAndValues[i + 1]);
    }
    return samples.stream()
        .filter(sample -> sample.name().equals(name) && sample.labels().equals(labels))
        .mapToDouble(Sample::value)
        .findFirst();
  }

  /**
   * The metric families, as the Prometheus client collected them.
   *
   * @return the families
   */
  public List<MetricFamilySamples> families() {
    return families;
  }

  /**
   * The samples in the Prometheus text format 0.0.4, as {@code /metrics} would serve them.
   *
   * @return the exposition text
   */
  public String exposition() {
    StringWriter writer = new StringWriter();
    try {
      TextFormat.write004(writer, Collections.enumeration(families));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toString();
  }

  /** Returns the exposition text. */
  @Override
  public String toString() {
    return exposition();
  }
}
