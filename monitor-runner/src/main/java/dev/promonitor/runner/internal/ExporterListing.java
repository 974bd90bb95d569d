package dev.promonitor.runner.internal;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.internal.config.ConfigDescriptions;
import java.util.List;

/**
 * What {@code --list-exporters} prints: for each discovered type, an entry to paste under
 * {@code exporters:}, with each config key at its default and its Java type as a comment.
 */
public final class ExporterListing {

  private ExporterListing() {}

  /**
   * Renders the listing.
   *
   * @param catalog the discovered exporter types
   * @return YAML text, several lines
   */
  public static String render(ExporterCatalog catalog) {
    StringBuilder text = new StringBuilder();
    List<String> types = catalog.types().stream().sorted().toList();
    if (types.isEmpty()) {
      String why = catalog.whyNothingProvides();
      return "# No exporter types found. "
          + (catalog.jarsWithoutExporters().isEmpty()
              ? "Put exporter jars in --exporters-dir or on the class path."
              : why + ".")
          + "\n";
    }
    text.append("# ")
        .append(types.size())
        .append(" exporter type(s). Paste an entry under 'exporters:'; each key shows its default.\n");
    for (String type : types) {
      ExporterProvider provider = catalog.find(type).orElseThrow();
      text.append('\n')
          .append("# ")
          .append(provider.exporterClass().getName())
          .append(" (")
          .append(provider.source())
          .append(")\n");
      text.append("- type: ").append(type).append('\n');
      text.append("  name: ").append(type).append('\n');
      if (!provider.takesConfig()) {
        text.append("  # takes no config\n");
        continue;
      }
      List<ConfigDescriptions.Key> keys = ConfigDescriptions.describe(provider.configClass());
      if (keys.isEmpty()) {
        text.append("  # ").append(provider.configClass().getSimpleName()).append(" has no keys\n");
        continue;
      }
      text.append("  config:   # ").append(provider.configClass().getName()).append('\n');
      for (ConfigDescriptions.Key key : keys) {
        text.append("    ").append(key.name()).append(':');
        key.defaultValue().ifPresent(value -> text.append(' ').append(value));
        text.append("   # ").append(key.type());
        if (key.required()) {
          text.append(", required");
        }
        if (key.defaultValue().isEmpty()) {
          text.append(", no default known");
        }
        text.append('\n');
      }
    }
    return text.toString();
  }
}
