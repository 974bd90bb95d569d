package dev.promonitor.modulepath;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.testing.ExporterTester;
import dev.promonitor.testing.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@code ModulePathIT} with promonitor's modules on the module path and this class on the
 * class path, as an application that is not a module itself uses them. Its package is not one of
 * promonitor's: a package of a named module hides the class path's classes of that package.
 */
public final class ModulePathMain {

  private ModulePathMain() {}

  /**
   * Prints one line per fact that {@code ModulePathIT} checks.
   *
   * @param args a working directory
   * @throws Exception when any step fails, which ends the JVM with a non-zero status
   */
  public static void main(String[] args) throws Exception {
    Module core = ExporterHost.class.getModule();
    System.out.println("core module: " + core.getName());
    System.out.println("testing module: " + ExporterTester.class.getModule().getName());
    System.out.println("api module: " + dev.promonitor.api.BaseExporter.class.getModule().getName());
    System.out.println(
        "exports dev.promonitor.core.config: " + core.isExported("dev.promonitor.core.config"));
    System.out.println(
        "exports dev.promonitor.core.internal.config: "
            + core.isExported("dev.promonitor.core.internal.config"));

    try (ExporterCatalog catalog = ExporterCatalog.discover(ModulePathMain.class.getClassLoader())) {
      System.out.println("discovered: " + catalog.types());
    }

    Path config =
        Files.writeString(
            Path.of(args[0]).resolve("config.yml"),
            """
            app:
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
              - type: modular
                name: modular
                config:
                  targets: [alpha]
            """);
    try (ExporterHost host = ExporterHost.builder().configFile(config).serveHttp(true).build()) {
      host.start();
      int port = host.httpAddress().orElseThrow().getPort();
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthy")).build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println("healthy: " + health.statusCode());
      System.out.println("status: " + host.status().get(0).name());
    }

    Samples samples = ExporterTester.of(ModularExporter.class).yaml("targets: [beta]\nstep: 2").exportOnce();
    System.out.println("tester: " + samples.value("modular_exports_total", "target", "beta").orElse(-1));
  }
}
