package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One problem found in a config file.
 *
 * <p>Its {@link #toString()} is the line a user reads:
 * {@code config.yml:14:7: exporters[1].config.bucket_names: must not be empty. Found: []}.
 *
 * @param location where the offending value stands
 * @param path the key's path as written in the file, such as
 *     {@code exporters[1].config.bucket_names}; empty for the whole document
 * @param message what is wrong and what was expected, without a final period
 * @param found the offending value as written (secrets masked), {@code null} when there is none
 *     to show, such as for a missing key
 */
public record ConfigProblem(
    ConfigLocation location, String path, String message, @Nullable String found) {

  /** Checks the arguments. */
  public ConfigProblem {
    requireNonNull(location, "location must not be null");
    requireNonNull(path, "path must not be null");
    requireNonNull(message, "message must not be null");
  }

  /** Returns {@code FILE:LINE:COLUMN: PATH: message. Found: VALUE}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(location).append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    text.append(message);
    if (found != null) {
      // A message may end in a question ("Did you mean 'x'?"), which needs no period.
      text.append(message.endsWith("?") ? " Found: " : ". Found: ").append(found);
    }
    return text.toString();
  }
}
