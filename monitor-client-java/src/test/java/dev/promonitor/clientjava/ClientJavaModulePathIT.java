package dev.promonitor.clientjava;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.modulepath.clientjava.ClientJavaModulePathMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitor-client-java on the module path: its descriptor resolves with client_java's automatic
 * modules, and an application on the class path hosts an exporter in its PrometheusRegistry.
 */
class ClientJavaModulePathIT {

  @TempDir Path work;

  @Test
  void aClassPathApplicationHostsExportersInItsRegistryFromTheModulePath() throws Exception {
    List<String> modulePath = new ArrayList<>();
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // The test classes (and the exporter in them) are the application, on the class path.
      if (entry.endsWith("test-classes")) {
        classPath.add(entry);
      } else {
        modulePath.add(entry);
      }
    }
    Path output = work.resolve("output.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--add-modules",
                "dev.promonitor.clientjava",
                "-cp",
                String.join(File.pathSeparator, classPath),
                ClientJavaModulePathMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(output, UTF_8);
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("client-java module: dev.promonitor.clientjava\n")
        .contains("exports dev.promonitor.clientjava: true\n")
        .contains("registry has ticks: true\n")
        .contains("registry has monitor_exporter_up: true\n");
  }
}
