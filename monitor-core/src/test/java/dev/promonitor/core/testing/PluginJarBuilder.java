package dev.promonitor.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time: compiles Java sources against the test class path (plus
 * any extra jars, such as a plugin's dependency) and writes them to a jar together with
 * {@code META-INF/services/dev.promonitor.api.BaseExporter}.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.jar(dir.resolve("plugin.jar"))
 *     .source("com.example.PingExporter", """
 *         package com.example;
 *         @dev.promonitor.api.ExporterType("ping")
 *         public final class PingExporter extends dev.promonitor.api.BaseExporter<Void> {
 *           @Override public void exportMetrics() {}
 *         }
 *         """)
 *     .service("com.example.PingExporter")
 *     .build();
 * }</pre>
 *
 * <p>Self-contained (JDK only) so that other modules' tests can copy it.
 */
public final class PluginJarBuilder {

  /** The services file that lists exporter classes. */
  public static final String SERVICES_FILE = "META-INF/services/dev.promonitor.api.BaseExporter";

  private final Path jarFile;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> services = new ArrayList<>();
  private final Map<String, String> resources = new LinkedHashMap<>();
  private final List<Path> classPath = new ArrayList<>();

  private PluginJarBuilder(Path jarFile) {
    this.jarFile = jarFile;
  }

  /**
   * Starts a jar.
   *
   * @param jarFile where to write it; parent directories are created
   * @return the builder
   */
  public static PluginJarBuilder jar(Path jarFile) {
    return new PluginJarBuilder(jarFile);
  }

  /**
   * Adds a Java source to compile.
   *
   * @param className the fully qualified name of its top-level class
   * @param code the source text
   * @return this builder
   */
  public PluginJarBuilder source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /**
   * Adds a line to {@value #SERVICES_FILE}; the file is only written when a line was added.
   *
   * @param className the provider class name, which need not exist
   * @return this builder
   */
  public PluginJarBuilder service(String className) {
    services.add(className);
    return this;
  }

  /**
   * Adds a text file to the jar.
   *
   * @param name the entry name, such as {@code config/defaults.yml}
   * @param content the text, written as UTF-8
   * @return this builder
   */
  public PluginJarBuilder resource(String name, String content) {
    resources.put(name, content);
    return this;
  }

  /**
   * Adds jars or directories to compile against, besides the test class path.
   *
   * @param entries the class path entries
   * @return this builder
   */
  public PluginJarBuilder classPath(Path... entries) {
    classPath.addAll(List.of(entries));
    return this;
  }

  /**
   * Compiles the sources and writes the jar.
   *
   * @return the jar's path
   * @throws IllegalStateException with the compiler's diagnostics when compilation fails
   */
  public Path build() {
    try {
      Path classes = Files.createTempDirectory("plugin-classes");
      try {
        compile(classes);
        writeJar(classes);
      } finally {
        deleteRecursively(classes);
      }
      return jarFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compile(Path classes) throws IOException {
    if (sources.isEmpty()) {
      return;
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
    }
    String path =
        Stream.concat(
                Stream.of(System.getProperty("java.class.path")),
                classPath.stream().map(Path::toString))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((className, code) -> units.add(new SourceFile(className, code)));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled =
        compiler
            .getTask(
                null,
                null,
                diagnostics,
                List.of("-classpath", path, "-d", classes.toString(), "-proc:none", "--release", "17"),
                null,
                units)
            .call();
    if (!compiled) {
      throw new IllegalStateException(
          "cannot compile the plugin sources for "
              + jarFile
              + ":\n"
              + diagnostics.getDiagnostics().stream()
                  .map(diagnostic -> diagnostic.toString())
                  .collect(Collectors.joining("\n")));
    }
  }

  private void writeJar(Path classes) throws IOException {
    Path parent = jarFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jarFile);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(classes)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        put(jar, name, Files.readAllBytes(file));
      }
      if (!services.isEmpty()) {
        put(jar, SERVICES_FILE, (String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, String> resource : resources.entrySet()) {
        put(jar, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setLastModifiedTime(FileTime.fromMillis(0));
    jar.putNextEntry(entry);
    jar.write(content);
    jar.closeEntry();
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** A source held in memory. */
  private static final class SourceFile extends SimpleJavaFileObject {

    private final String code;

    SourceFile(String className, String code) {
      super(
          URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
