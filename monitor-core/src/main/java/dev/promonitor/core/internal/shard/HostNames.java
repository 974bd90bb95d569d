package dev.promonitor.core.internal.shard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The host name that {@code app.shard_index: auto} reads, and the index it gives: its trailing
 * number, as a StatefulSet names its pods ({@code promonitor-2} is shard 2).
 */
public final class HostNames {

  /** Digits at the end of the host name's first label. */
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

  private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

  private HostNames() {}

  /**
   * A host name and where it came from.
   *
   * @param name the host name
   * @param origin {@code HOSTNAME} or {@code the machine's host name}
   */
  public record HostName(String name, String origin) {}

  /**
   * The host name of this replica: the {@code HOSTNAME} environment variable when it is set and
   * not blank, else the machine's host name.
   *
   * @param environment the environment variables
   * @return the host name
   */
  public static HostName current(Function<String, @Nullable String> environment) {
    String variable = environment.apply("HOSTNAME");
    if (variable != null && !variable.isBlank()) {
      return new HostName(variable.strip(), "HOSTNAME");
    }
    return new HostName(machineHostName(), "the machine's host name");
  }

  /**
   * The shard index that a host name gives: the number at the end of its first label, so that
   * {@code promonitor-2} and {@code promonitor-2.promonitor.monitoring.svc} both give 2.
   *
   * @param hostName a host name
   * @return the index, or empty when the first label does not end in a number (or one too large
   *     for an {@code int})
   */
  public static OptionalInt trailingIndex(String hostName) {
    int dot = hostName.indexOf('.');
    String label = dot < 0 ? hostName : hostName.substring(0, dot);
    Matcher matcher = TRAILING_NUMBER.matcher(label);
    if (!matcher.find()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(matcher.group(1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static String machineHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // The name is known even when it does not resolve: the kernel's, which the JDK asked for.
      return kernelHostName(KERNEL_HOST_NAME);
    }
  }

  /**
   * The host name the kernel holds, read from {@code file} (Linux's
   * {@code /proc/sys/kernel/hostname}).
   *
   * @return the name, or {@code localhost} when the file cannot be read or is blank
   */
  static String kernelHostName(Path file) {
    try {
      String name = Files.readString(file, StandardCharsets.UTF_8).strip();
      return name.isEmpty() ? "localhost" : name;
    } catch (IOException | RuntimeException e) {
      return "localhost";
    }
  }
}
