package dev.promonitor.core.testing;

import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;

/** A plain-class config: field initializers are the defaults, kept for a missing key. */
public final class TestDirectoryConfig {
  private List<String> paths = new ArrayList<>(List.of("/var/log"));
  private boolean followLinks = true;
  @Positive private int maxDepth = 8;
  private double scale = 1.0;

  public List<String> paths() {
    return paths;
  }

  public boolean followLinks() {
    return followLinks;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public double scale() {
    return scale;
  }
}
