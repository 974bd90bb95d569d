/**
 * The testing kit for exporter authors: {@link dev.promonitor.testing.ExporterTester}.
 */
module dev.promonitor.testing {
  requires transitive dev.promonitor.core;
  requires simpleclient.common;
  requires static org.jspecify;

  exports dev.promonitor.testing;
}
