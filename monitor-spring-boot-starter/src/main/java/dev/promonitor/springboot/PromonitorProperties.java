package dev.promonitor.springboot;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code promonitor.*} properties of the Spring Boot starter. */
@ConfigurationProperties("promonitor")
public class PromonitorProperties {

  /** Whether to host promonitor's exporters in this application. */
  private boolean enabled = true;

  /**
   * The exporters' config file, in the runner's YAML or JSON format (its app section, exporters
   * list, config_dir and secrets). Relative paths start from the working directory. Exporters
   * declared as ExporterDefinition beans run beside its entries.
   */
  private @Nullable Path configFile;

  /**
   * Whether the host also serves /metrics itself, on app.prometheus_host and app.prometheus_port
   * of the config file. Off: the exporters' metrics join /actuator/prometheus.
   */
  private boolean serveHttp = false;

  private final Health health = new Health();

  /**
   * Whether to host the exporters. Default {@code true}.
   *
   * @return the setting
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@link #isEnabled()}.
   *
   * @param enabled the setting
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The exporters' config file. Default: none, only the {@link ExporterDefinition} beans run.
   *
   * @return the file, or {@code null}
   */
  public @Nullable Path getConfigFile() {
    return configFile;
  }

  /**
   * Sets {@link #getConfigFile()}.
   *
   * @param configFile the file
   */
  public void setConfigFile(@Nullable Path configFile) {
    this.configFile = configFile;
  }

  /**
   * Whether the host serves {@code /metrics} itself. Default {@code false}.
   *
   * @return the setting
   */
  public boolean isServeHttp() {
    return serveHttp;
  }

  /**
   * Sets {@link #isServeHttp()}.
   *
   * @param serveHttp the setting
   */
  public void setServeHttp(boolean serveHttp) {
    this.serveHttp = serveHttp;
  }

  /**
   * The health contributor's settings.
   *
   * @return the settings
   */
  public Health getHealth() {
    return health;
  }

  /** The {@code promonitor.health.*} properties. */
  public static class Health {

    /**
     * Whether an exporter whose last run failed or timed out makes the promonitor health
     * contributor DOWN, and with it the application's health. Off: an exporter that cannot reach
     * what it monitors is shown in the details, but is no reason to restart the application.
     */
    private boolean downOnFailure = false;

    /**
     * Whether a failing exporter makes the contributor DOWN. Default {@code false}.
     *
     * @return the setting
     */
    public boolean isDownOnFailure() {
      return downOnFailure;
    }

    /**
     * Sets {@link #isDownOnFailure()}.
     *
     * @param downOnFailure the setting
     */
    public void setDownOnFailure(boolean downOnFailure) {
      this.downOnFailure = downOnFailure;
    }
  }
}
