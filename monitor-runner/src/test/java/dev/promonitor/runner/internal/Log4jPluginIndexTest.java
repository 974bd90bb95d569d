package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.Test;

class Log4jPluginIndexTest {

  private static final ClassLoader RUNNER = Log4jPluginIndexTest.class.getClassLoader();

  private static Map<String, Map<String, PluginEntry>> read(List<URL> indexes) throws Exception {
    PluginCache cache = new PluginCache();
    cache.loadCacheFiles(Collections.enumeration(indexes));
    return cache.getAllCategories();
  }

  @Test
  void theIndexHoldsTheConfigurationsCorePluginsAndWholeConverterLookupAndTypeCategories()
      throws Exception {
    Map<String, Map<String, PluginEntry>> full =
        read(Collections.list(RUNNER.getResources(Log4jPluginIndex.INDEX)));
    Log4jPluginIndex loader = Log4jPluginIndex.over(RUNNER);

    List<URL> served = Collections.list(loader.getResources(Log4jPluginIndex.INDEX));
    Map<String, Map<String, PluginEntry>> kept = read(served);

    assertThat(served).hasSize(1).containsExactly(loader.getResource(Log4jPluginIndex.INDEX));
    assertThat(kept).containsOnlyKeys("converter", "lookup", "typeconverter", "core");
    assertThat(kept.get("core"))
        .containsOnlyKeys(
            "appenders",
            "appenderref",
            "console",
            "file",
            "patternlayout",
            "replace",
            "thresholdfilter",
            "loggers",
            "logger",
            "root");
    assertThat(kept.get("core").get("console").getClassName())
        .isEqualTo("org.apache.logging.log4j.core.appender.ConsoleAppender");
    assertThat(kept.get("converter").keySet()).isEqualTo(full.get("converter").keySet());
    assertThat(kept.get("lookup").keySet()).isEqualTo(full.get("lookup").keySet());
    assertThat(kept.get("typeconverter").keySet()).isEqualTo(full.get("typeconverter").keySet());
    assertThat(full.get("core")).containsKeys("rollingfile", "jdbc", "jsonlayout", "async");
    assertThat(full).containsKey("configurationfactory");
  }

  @Test
  void everythingElseComesFromTheParent() throws Exception {
    Log4jPluginIndex loader = Log4jPluginIndex.over(RUNNER);

    assertThat(loader.getParent()).isSameAs(RUNNER);
    assertThat(loader.loadClass(LoggerContext.class.getName())).isSameAs(LoggerContext.class);
    assertThat(loader.getResource("log4j2.component.properties"))
        .isEqualTo(RUNNER.getResource("log4j2.component.properties"));
    assertThat(Collections.list(loader.getResources("log4j2.component.properties")))
        .isEqualTo(Collections.list(RUNNER.getResources("log4j2.component.properties")));
  }

  @Test
  void whileStartingTheThreadSeesTheIndexThenItsEarlierContextClassLoader() throws Exception {
    Log4jPluginIndex loader = Log4jPluginIndex.over(RUNNER);
    Thread thread = Thread.currentThread();
    ClassLoader earlier = thread.getContextClassLoader();
    ClassLoader[] during = new ClassLoader[1];

    loader.whileStarting(() -> during[0] = thread.getContextClassLoader());

    assertThat(during[0]).isSameAs(loader);
    assertThat(thread.getContextClassLoader()).isSameAs(earlier);
  }
}
