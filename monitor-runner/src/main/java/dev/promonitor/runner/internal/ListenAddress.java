package dev.promonitor.runner.internal;

import dev.promonitor.core.config.AppSettings;

/**
 * The value of {@code --web.listen-address}, written as Prometheus exporters write it:
 * {@code [HOST]:PORT}, where {@code :9400} means every interface and an IPv6 address is written
 * in brackets ({@code [::1]:9400}).
 *
 * @param host the bind address
 * @param port the port, 0 to 65535 (0 picks a free one)
 */
public record ListenAddress(String host, int port) {

  /**
   * Reads a listen address.
   *
   * @param text such as {@code :9400}, {@code 127.0.0.1:9400} or {@code [::1]:9400}
   * @return the address
   * @throws IllegalArgumentException with a message for the user when the text is not one
   */
  public static ListenAddress parse(String text) {
    String expected =
        "--web.listen-address: expecting [HOST]:PORT, such as :9400, 127.0.0.1:9400 or"
            + " [::1]:9400. Found: "
            + text;
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(expected);
    }
    String host = text.substring(0, colon).strip();
    String portText = text.substring(colon + 1).strip();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
      throw new IllegalArgumentException(expected + " (write an IPv6 address in brackets)");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expected);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "--web.listen-address: expecting a port between 0 and 65535. Found: " + text);
    }
    return new ListenAddress(host.isEmpty() ? AppSettings.DEFAULT_PROMETHEUS_HOST : host, port);
  }

  /**
   * The settings with this address instead of {@code app.prometheus_host} and
   * {@code app.prometheus_port}.
   *
   * @param app the config's settings
   * @return the changed settings
   */
  public AppSettings applyTo(AppSettings app) {
    return app.toBuilder().prometheusHost(host).prometheusPort(port).build();
  }
}
