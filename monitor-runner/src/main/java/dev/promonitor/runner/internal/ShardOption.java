package dev.promonitor.runner.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --shard INDEX/COUNT}, such as {@code 1/3}.
 *
 * @param index the shard's index, 0 to {@code count - 1}
 * @param count the number of shards, 1 or more
 */
public record ShardOption(int index, int count) {

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

  /**
   * Parses the option's value.
   *
   * @param value the value, such as {@code 1/3}
   * @return the shard
   * @throws IllegalArgumentException with the message to show, naming the option and the value
   */
  public static ShardOption parse(String value) {
    Matcher matcher = FORM.matcher(value.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "--shard: expecting INDEX/COUNT, such as 1/3. Found: " + value);
    }
    int index = Integer.parseInt(matcher.group(1));
    int count = Integer.parseInt(matcher.group(2));
    if (count < 1) {
      throw new IllegalArgumentException("--shard: expecting COUNT > 0. Found: " + value);
    }
    if (index >= count) {
      throw new IllegalArgumentException(
          "--shard: expecting INDEX between 0 and COUNT - 1 (" + (count - 1) + "). Found: " + value);
    }
    return new ShardOption(index, count);
  }
}
