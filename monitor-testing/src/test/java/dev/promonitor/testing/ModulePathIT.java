package dev.promonitor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.modulepath.ModulePathMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promonitor's modules on the module path: the module descriptors resolve, the internal packages
 * stay closed, and discovery, config binding, the host, its endpoint and the testing kit work.
 */
class ModulePathIT {

  @TempDir Path work;

  @Test
  void aClassPathApplicationRunsPromonitorFromTheModulePath() throws Exception {
    List<String> modulePath = new ArrayList<>();
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // The test classes (and the exporters in them) are the application, on the class path.
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
                "dev.promonitor.testing",
                "-cp",
                String.join(File.pathSeparator, classPath),
                ModulePathMain.class.getName(),
                work.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(output, UTF_8);
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("core module: dev.promonitor.core\n")
        .contains("testing module: dev.promonitor.testing\n")
        .contains("api module: dev.promonitor.api\n")
        .contains("exports dev.promonitor.core.config: true\n")
        .contains("exports dev.promonitor.core.internal.config: false\n")
        .contains("discovered: [modular]\n")
        .contains("healthy: 200\n")
        .contains("status: modular\n")
        .contains("tester: 2.0\n");
  }
}
