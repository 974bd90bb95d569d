package dev.promonitor.core.config;

import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;

/** A plain-class config: field initializers are the defaults, kept for a missing key. */
public final class TestDirectoryConfig {
  private List<String> paths = new ArrayList<>(List.of("/var/log"));
  private boolean followLinks = true;
  @Positive private int maxDepth = 8;
  private double scale = 1.0;

  List<String> paths() {
    return paths;
  }

  boolean followLinks() {
    return followLinks;
  }

  int maxDepth() {
    return maxDepth;
  }

  double scale() {
    return scale;
  }
}
