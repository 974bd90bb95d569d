package dev.promonitor.testing;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One sample an exporter exported, as a scrape would show it.
 *
 * @param name the sample name, such as {@code requests_total} or {@code latency_seconds_bucket}
 * @param labels its labels, in the order the exporter gave them
 * @param value its value
 */
public record Sample(String name, Map<String, String> labels, double value) {

  /** Checks the arguments and copies the labels. */
  public Sample {
    requireNonNull(name, "name must not be null");
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /** Returns the sample as the text format writes it, such as {@code size{path="/tmp"} 10.0}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name);
    if (!labels.isEmpty()) {
      text.append('{');
      String separator = "";
      for (Map.Entry<String, String> label : labels.entrySet()) {
        text.append(separator).append(label.getKey()).append("=\"").append(label.getValue()).append('"');
        separator = ",";
      }
      text.append('}');
    }
    return text.append(' ').append(value).toString();
  }
}
