/**
 * The contract that exporter authors implement: {@link dev.promonitor.api.BaseExporter},
 * {@link dev.promonitor.api.AsyncExporter} and {@link dev.promonitor.api.ExporterType}.
 */
module dev.promonitor.api {
  requires transitive simpleclient;
  requires transitive org.slf4j;
  requires static org.jspecify;

  exports dev.promonitor.api;
  // How the framework injects an instance's settings: for promonitor's own modules only.
  exports dev.promonitor.api.internal to
      dev.promonitor.core,
      dev.promonitor.testing;
  // The framework calls the protected BaseExporter.init() reflectively.
  opens dev.promonitor.api to
      dev.promonitor.core,
      dev.promonitor.testing;
}
