package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.internal.Suggestions;
import dev.promonitor.core.testing.DiscoveryAsyncExporter;
import dev.promonitor.core.testing.DiscoveryConfig;
import dev.promonitor.core.testing.DiscoveryInheritedExporter;
import dev.promonitor.core.testing.DiscoveryPlainExporter;
import dev.promonitor.core.testing.DiscoveryVoidExporter;
import dev.promonitor.core.testing.LogLines;
import dev.promonitor.core.testing.NoServicesClassLoader;
import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterCatalogTest {

  private static final ClassLoader HOST = ExporterCatalogTest.class.getClassLoader();

  /** The host's classes without its exporters, so that only the plugins under test are found. */
  private static final ClassLoader BARE_HOST = new NoServicesClassLoader(HOST);

  @TempDir Path dir;

  /** A minimal valid exporter source. */
  private static String exporter(String className, String type) {
    return exporter(className, "@dev.promonitor.api.ExporterType(\"" + type + "\")", "public", "");
  }

  private static String exporter(String className, String annotation, String modifiers, String members) {
    int dot = className.lastIndexOf('.');
    return "package "
        + className.substring(0, dot)
        + ";\n"
        + annotation
        + "\n"
        + modifiers
        + " class "
        + className.substring(dot + 1)
        + " extends dev.promonitor.api.BaseExporter<Void> {\n"
        + members
        + "\n  @Override public void exportMetrics() {}\n}\n";
  }

  private static Path pluginJar(Path jar, String className, String type) {
    return PluginJarBuilder.jar(jar).source(className, exporter(className, type)).service(className).build();
  }

  @Test
  void classPathExportersAreFoundWithTheirConfigClasses() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(HOST)) {
      assertThat(catalog.types())
          .contains("discovery_async", "discovery_inherited", "discovery_plain", "discovery_void");
      assertThat(catalog.find("discovery_plain").orElseThrow())
          .satisfies(
              provider -> {
                assertThat(provider.exporterClass()).isEqualTo(DiscoveryPlainExporter.class);
                assertThat(provider.configClass()).isEqualTo(DiscoveryConfig.class);
                assertThat(provider.isAsync()).isFalse();
                assertThat(provider.source())
                    .isEqualTo(Path.of("target", "test-classes").toAbsolutePath().toString());
              });
      assertThat(catalog.classLoader()).isSameAs(HOST);
    }
  }

  @Test
  void configClassIsResolvedThroughAsyncExporter() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(HOST)) {
      ExporterProvider provider = catalog.find("discovery_async").orElseThrow();
      assertThat(provider.exporterClass()).isEqualTo(DiscoveryAsyncExporter.class);
      assertThat(provider.configClass()).isEqualTo(DiscoveryConfig.class);
      assertThat(provider.isAsync()).isTrue();
    }
  }

  @Test
  void configClassIsResolvedThroughAnIntermediateGenericBaseClass() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(HOST)) {
      ExporterProvider provider = catalog.find("discovery_inherited").orElseThrow();
      assertThat(provider.exporterClass()).isEqualTo(DiscoveryInheritedExporter.class);
      assertThat(provider.configClass()).isEqualTo(DiscoveryConfig.class);
    }
  }

  @Test
  void voidExporterTakesNoConfig() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(HOST)) {
      ExporterProvider provider = catalog.find("discovery_void").orElseThrow();
      assertThat(provider.exporterClass()).isEqualTo(DiscoveryVoidExporter.class);
      assertThat(provider.configClass()).isEqualTo(Void.class);
      assertThat(provider.takesConfig()).isFalse();
    }
  }

  @Test
  void pluginJarInTheExportersDirIsFound() throws Exception {
    Path jar = pluginJar(dir.resolve("dir-size.jar"), "com.example.DirSizeExporter", "dir_size");

    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).containsExactly("dir_size");
      ExporterProvider provider = catalog.find("dir_size").orElseThrow();
      assertThat(provider.exporterClass().getName()).isEqualTo("com.example.DirSizeExporter");
      assertThat(provider.source()).isEqualTo(jar.toString());
      assertThat(provider.configClass()).isEqualTo(Void.class);
      assertThat(provider.exporterClass().getClassLoader()).isInstanceOf(URLClassLoader.class);
      assertThat(provider.exporterClass().getClassLoader().getParent()).isSameAs(BARE_HOST);
      assertThat(catalog.classLoader().loadClass("com.example.DirSizeExporter"))
          .isSameAs(provider.exporterClass());
    }
  }

  @Test
  void pluginsAreFoundBesideTheClassPathExportersOnlyOnce() {
    pluginJar(dir.resolve("dir-size.jar"), "com.example.DirSizeExporter", "dir_size");

    try (ExporterCatalog catalog = ExporterCatalog.discover(HOST, dir)) {
      assertThat(catalog.types()).contains("dir_size", "discovery_plain");
      assertThat(catalog.find("discovery_plain").orElseThrow().exporterClass())
          .isEqualTo(DiscoveryPlainExporter.class);
      assertThat(catalog.classLoader().getParent()).isSameAs(HOST);
    }
  }

  @Test
  void pluginInASubDirectoryLoadsTheDependencyJarBesideIt() throws Exception {
    String units = "package com.acme.units;\npublic final class Units { public static String name() { return \"%s\"; } }\n";
    Path sizesDependency =
        PluginJarBuilder.jar(dir.resolve("sizes/acme-units.jar"))
            .source("com.acme.units.Units", units.formatted("sizes"))
            .build();
    Path sizesJar =
        PluginJarBuilder.jar(dir.resolve("sizes/sizes-exporter.jar"))
            .source(
                "com.example.sizes.SizesExporter",
                exporter(
                    "com.example.sizes.SizesExporter",
                    "@dev.promonitor.api.ExporterType(\"sizes\")",
                    "public",
                    "  public static String unit() { return com.acme.units.Units.name(); }"))
            .service("com.example.sizes.SizesExporter")
            .classPath(sizesDependency)
            .build();
    // A second plugin with its own, different copy of the same dependency: plugins are isolated.
    Path countsDependency =
        PluginJarBuilder.jar(dir.resolve("counts/acme-units.jar"))
            .source("com.acme.units.Units", units.formatted("counts"))
            .build();
    PluginJarBuilder.jar(dir.resolve("counts/counts-exporter.jar"))
        .source(
            "com.example.counts.CountsExporter",
            exporter(
                "com.example.counts.CountsExporter",
                "@dev.promonitor.api.ExporterType(\"counts\")",
                "public",
                "  public static String unit() { return com.acme.units.Units.name(); }"))
        .service("com.example.counts.CountsExporter")
        .classPath(countsDependency)
        .build();

    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).containsExactly("counts", "sizes");
      ExporterProvider sizes = catalog.find("sizes").orElseThrow();
      ExporterProvider counts = catalog.find("counts").orElseThrow();
      assertThat(sizes.source()).isEqualTo(sizesJar.toString());
      assertThat(sizes.exporterClass().getMethod("unit").invoke(null)).isEqualTo("sizes");
      assertThat(counts.exporterClass().getMethod("unit").invoke(null)).isEqualTo("counts");
      assertThat(sizes.exporterClass().getClassLoader())
          .isNotSameAs(counts.exporterClass().getClassLoader());
    }
  }

  @Test
  void jarsDirectlyInTheExportersDirShareOneClassLoader() throws Exception {
    Path dependency =
        PluginJarBuilder.jar(dir.resolve("acme-units.jar"))
            .source("com.acme.units.Units", "package com.acme.units;\npublic final class Units { public static String name() { return \"top\"; } }\n")
            .build();
    PluginJarBuilder.jar(dir.resolve("top-exporter.jar"))
        .source(
            "com.example.TopExporter",
            exporter(
                "com.example.TopExporter",
                "@dev.promonitor.api.ExporterType(\"top\")",
                "public",
                "  public static String unit() { return com.acme.units.Units.name(); }"))
        .service("com.example.TopExporter")
        .classPath(dependency)
        .build();

    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.find("top").orElseThrow().exporterClass().getMethod("unit").invoke(null))
          .isEqualTo("top");
    }
  }

  @Test
  void duplicateTypeAcrossTwoJarsNamesBothClassesAndBothJars() {
    Path first = pluginJar(dir.resolve("first/first.jar"), "com.first.SizeExporter", "dir_size");
    Path second = pluginJar(dir.resolve("second/second.jar"), "com.second.OtherSizeExporter", "dir_size");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "exporter type 'dir_size' is provided twice: by com.first.SizeExporter ("
                + first
                + ") and by com.second.OtherSizeExporter ("
                + second
                + ")")
        .extracting(thrown -> ((DiscoveryException) thrown).problems())
        .satisfies(
            problems -> {
              assertThat(problems).hasSize(1);
              assertThat(problems.get(0).kind()).isEqualTo(DiscoveryProblem.Kind.DUPLICATE_TYPE);
              assertThat(problems.get(0).exporterClass()).isEqualTo("com.first.SizeExporter");
              assertThat(problems.get(0).source()).isEqualTo(first.toString());
            });
  }

  @Test
  void classWithoutExporterTypeIsRefusedWithItsJar() {
    Path jar =
        PluginJarBuilder.jar(dir.resolve("plugin.jar"))
            .source("com.example.Unnamed", exporter("com.example.Unnamed", "", "public", ""))
            .service("com.example.Unnamed")
            .build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "com.example.Unnamed ("
                + jar
                + ") has no @ExporterType annotation; add @ExporterType(\"your_type\") to the class");
  }

  @Test
  void classWithoutNoArgConstructorIsRefused() {
    Path jar =
        PluginJarBuilder.jar(dir.resolve("plugin.jar"))
            .source(
                "com.example.Needy",
                exporter(
                    "com.example.Needy",
                    "@dev.promonitor.api.ExporterType(\"needy\")",
                    "public",
                    "  public Needy(String required) {}"))
            .service("com.example.Needy")
            .build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage("com.example.Needy (" + jar + ") has no public no-arg constructor")
        .satisfies(
            thrown -> {
              DiscoveryProblem problem = ((DiscoveryException) thrown).problems().get(0);
              assertThat(problem.kind()).isEqualTo(DiscoveryProblem.Kind.INVALID_EXPORTER);
              assertThat(problem.exporterClass()).isEqualTo("com.example.Needy");
              assertThat(problem.source()).isEqualTo(jar.toString());
            });
  }

  @Test
  void abstractClassIsRefused() {
    Path jar =
        PluginJarBuilder.jar(dir.resolve("plugin.jar"))
            .source(
                "com.example.Partial",
                exporter("com.example.Partial", "@dev.promonitor.api.ExporterType(\"partial\")", "public abstract", ""))
            .service("com.example.Partial")
            .build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage("com.example.Partial (" + jar + ") is abstract; an exporter must be a concrete class");
  }

  @Test
  void classThatIsNoExporterIsRefused() {
    Path jar =
        PluginJarBuilder.jar(dir.resolve("plugin.jar"))
            .source("com.example.Stranger", "package com.example;\npublic final class Stranger {}\n")
            .service("com.example.Stranger")
            .build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage("com.example.Stranger (" + jar + ") does not extend dev.promonitor.api.BaseExporter");
  }

  @Test
  void servicesFileNamingAMissingClassIsReportedWithItsJar() {
    Path jar = PluginJarBuilder.jar(dir.resolve("plugin.jar")).service("com.example.Gone").build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "com.example.Gone ("
                + jar
                + ") cannot be loaded: class not found; it is listed in"
                + " META-INF/services/dev.promonitor.api.BaseExporter but the jar does not contain it")
        .extracting(thrown -> ((DiscoveryException) thrown).problems().get(0).kind())
        .isEqualTo(DiscoveryProblem.Kind.UNLOADABLE);
  }

  @Test
  void providerWhoseDependencyIsMissingIsReportedWithItsJar() {
    Path dependency =
        PluginJarBuilder.jar(dir.resolve("elsewhere/deps/acme-base.jar"))
            .source(
                "com.acme.base.AcmeExporter",
                "package com.acme.base;\n"
                    + "public abstract class AcmeExporter extends dev.promonitor.api.BaseExporter<Void> {\n"
                    + "  @Override public void exportMetrics() {}\n}\n")
            .build();
    Path exportersDir = dir.resolve("exporters");
    Path jar =
        PluginJarBuilder.jar(exportersDir.resolve("acme.jar"))
            .source(
                "com.example.AcmeSizeExporter",
                "package com.example;\n@dev.promonitor.api.ExporterType(\"acme\")\n"
                    + "public final class AcmeSizeExporter extends com.acme.base.AcmeExporter {}\n")
            .service("com.example.AcmeSizeExporter")
            .classPath(dependency)
            .build();

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, exportersDir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "com.example.AcmeSizeExporter ("
                + jar
                + ") cannot be loaded: java.lang.NoClassDefFoundError: com/acme/base/AcmeExporter;"
                + " put the jars it needs beside it in the exporters dir");
  }

  @Test
  void everyProblemOfOneDiscoveryIsReportedTogether() {
    Path broken =
        PluginJarBuilder.jar(dir.resolve("broken.jar"))
            .source("com.example.Unnamed", exporter("com.example.Unnamed", "", "public", ""))
            .service("com.example.Gone")
            .service("com.example.Unnamed")
            .build();
    Path first = pluginJar(dir.resolve("first/first.jar"), "com.first.SizeExporter", "dir_size");
    Path second = pluginJar(dir.resolve("second/second.jar"), "com.second.OtherSizeExporter", "dir_size");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            String.join(
                System.lineSeparator(),
                "3 problems discovering exporters:",
                "- com.example.Gone ("
                    + broken
                    + ") cannot be loaded: class not found; it is listed in"
                    + " META-INF/services/dev.promonitor.api.BaseExporter but the jar does not contain it",
                "- com.example.Unnamed ("
                    + broken
                    + ") has no @ExporterType annotation; add @ExporterType(\"your_type\") to the class",
                "- exporter type 'dir_size' is provided twice: by com.first.SizeExporter ("
                    + first
                    + ") and by com.second.OtherSizeExporter ("
                    + second
                    + ")"));
  }

  @Test
  void unknownTypeGetsTheNearestKnownTypeSuggested() {
    pluginJar(dir.resolve("dir-size.jar"), "com.example.DirSizeExporter", "dir_size");
    pluginJar(dir.resolve("s3/s3.jar"), "com.example.S3SizeExporter", "s3_size");

    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.find("dir_sise")).isEmpty();
      assertThat(catalog.suggest("dir_sise")).contains("dir_size");
      assertThat(Suggestions.unknownExporterType("dir_sise", catalog.types()))
          .isEqualTo("unknown exporter type; known types: dir_size, s3_size. Did you mean 'dir_size'?");
    }
  }

  @Test
  void relativeExportersDirIsResolvedAgainstTheWorkingDirectory() throws IOException {
    Path workingDirectory = Path.of("").toAbsolutePath();
    Path plugins = Files.createTempDirectory(workingDirectory.resolve("target"), "relative-exporters");
    try {
      Path jar = pluginJar(plugins.resolve("dir-size.jar"), "com.example.DirSizeExporter", "dir_size");
      Path relative = workingDirectory.relativize(plugins);
      assertThat(relative.isAbsolute()).isFalse();

      try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, relative)) {
        assertThat(catalog.find("dir_size").orElseThrow().source()).isEqualTo(jar.toString());
      }
    } finally {
      try (var files = Files.walk(plugins)) {
        for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  @Test
  void missingExportersDirIsRefusedWithItsAbsolutePath() {
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, missing))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage("exporters dir does not exist: " + missing);
  }

  @Test
  void exportersDirThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("exporters.jar"), "not a directory");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, file))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage("exporters dir is not a directory: " + file);
  }

  @Test
  void emptyExportersDirGivesTheClassPathExportersOnly() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).isEmpty();
      assertThat(catalog.classLoader()).isSameAs(BARE_HOST);
      assertThat(Suggestions.unknownExporterType("dir_size", catalog.types()))
          .isEqualTo("unknown exporter type; known types: none (is --exporters-dir set?)");
      assertThat(
              Suggestions.unknownExporterType(
                  "dir_size", catalog.types(), catalog.whyNothingProvides()))
          .isEqualTo(
              "unknown exporter type; known types: none. The exporters dir " + dir + " holds no jar");
    }
  }

  @Test
  void jarThatListsNoExporterIsNamedWhenATypeIsUnknown() {
    PluginJarBuilder.jar(dir.resolve("acme.jar"))
        .source("com.acme.PingExporter", exporter("com.acme.PingExporter", "ping"))
        .build();

    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).isEmpty();
      assertThat(catalog.jarsWithoutExporters()).containsExactly(dir.resolve("acme.jar"));
      assertThat(
              Suggestions.unknownExporterType("ping", catalog.types(), catalog.whyNothingProvides()))
          .isEqualTo(
              "unknown exporter type; known types: none. These jars in "
                  + dir
                  + " list no exporter in META-INF/services/dev.promonitor.api.BaseExporter:"
                  + " acme.jar; add that file, naming the exporter class, to the exporter's jar");
    }
  }

  @Test
  void classPathWithoutExportersAndNoExportersDirAsksForTheFlag() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST)) {
      assertThat(catalog.whyNothingProvides()).isEmpty();
      assertThat(
              Suggestions.unknownExporterType("ping", catalog.types(), catalog.whyNothingProvides()))
          .isEqualTo("unknown exporter type; known types: none (is --exporters-dir set?)");
    }
  }

  @Test
  void twoVersionsOfOnePluginInOneFolderAreAnErrorNamingBothJars() {
    Path old = pluginJar(dir.resolve("acme-1.0.0.jar"), "com.acme.AcmeExporter", "acme");
    Path current = pluginJar(dir.resolve("acme-1.0.1.jar"), "com.acme.AcmeExporter", "acme");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "com.acme.AcmeExporter is provided twice in one folder: by "
                + old
                + " and by "
                + current
                + "; only the first would run. Keep one of them (an old version left beside a new"
                + " one?)");
  }

  @Test
  void corruptJarInTheExportersDirIsAnErrorNamingIt() throws IOException {
    pluginJar(dir.resolve("good.jar"), "com.example.PingExporter", "ping");
    Files.createDirectories(dir.resolve("sub"));
    Path corrupt = Files.writeString(dir.resolve("sub/broken.jar"), "not a zip file");

    assertThatThrownBy(() -> ExporterCatalog.discover(BARE_HOST, dir))
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "plugin jar "
                + corrupt
                + " is corrupt or not a jar (zip END header not found); copy it again or remove"
                + " it from the exporters dir");
  }

  @Test
  void closingReleasesThePluginJarsAndIsIdempotent() {
    PluginJarBuilder.jar(dir.resolve("plugin.jar"))
        .source("com.example.DirSizeExporter", exporter("com.example.DirSizeExporter", "dir_size"))
        .service("com.example.DirSizeExporter")
        .resource("plugin.txt", "only in the plugin")
        .build();
    ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir);
    ClassLoader pluginLoader = catalog.find("dir_size").orElseThrow().exporterClass().getClassLoader();
    assertThat(pluginLoader.getResource("plugin.txt")).isNotNull();

    catalog.close();
    catalog.close();

    assertThat(pluginLoader.getResource("plugin.txt")).isNull();
  }

  @Test
  void closingAClassPathCatalogDoesNothing() {
    ExporterCatalog catalog = ExporterCatalog.discover(HOST);

    catalog.close();

    assertThat(catalog.find("discovery_plain")).isPresent();
    assertThat(HOST.getResource(PluginJarBuilder.SERVICES_FILE)).isNotNull();
  }

  @Test
  void foundTypesAreLoggedAtInfoWithTheirClassAndJar() {
    Path jar = pluginJar(dir.resolve("dir-size.jar"), "com.example.DirSizeExporter", "dir_size");

    try (LogLines log = LogLines.of("dev.promonitor.core.discovery");
        ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).containsExactly("dir_size");
      assertThat(log.lines("INFO"))
          .containsExactly("INFO Found exporter type 'dir_size': com.example.DirSizeExporter (" + jar + ")");
      assertThat(log.lines("DEBUG")).contains("DEBUG Scanning plugin '.' in " + dir + ": [" + jar + "]");
    }
  }

  @Test
  void emptyExportersDirIsLoggedAtWarn() {
    try (LogLines log = LogLines.of("dev.promonitor.core.discovery");
        ExporterCatalog catalog = ExporterCatalog.discover(BARE_HOST, dir)) {
      assertThat(catalog.types()).isEmpty();
      assertThat(log.lines("WARN"))
          .containsExactly(
              "WARN Exporters dir " + dir + " holds no jars: only exporters on the class path are available");
    }
  }

  @Test
  void brokenClassPathProviderIsReportedOnceThoughEveryPluginSeesIt() throws Exception {
    Path hostJar = PluginJarBuilder.jar(dir.resolve("host/host.jar")).service("com.example.Gone").build();
    Path exportersDir = dir.resolve("exporters");
    pluginJar(exportersDir.resolve("one/one.jar"), "com.one.OneExporter", "one");
    pluginJar(exportersDir.resolve("two/two.jar"), "com.two.TwoExporter", "two");

    try (URLClassLoader host = new URLClassLoader(new java.net.URL[] {hostJar.toUri().toURL()}, BARE_HOST)) {
      assertThatThrownBy(() -> ExporterCatalog.discover(host, exportersDir))
          .isInstanceOf(DiscoveryException.class)
          .hasMessage(
              "com.example.Gone ("
                  + hostJar
                  + ") cannot be loaded: class not found; it is listed in"
                  + " META-INF/services/dev.promonitor.api.BaseExporter but the jar does not contain it");
    }
  }
}
