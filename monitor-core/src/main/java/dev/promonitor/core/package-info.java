/**
 * Hosting exporters: discovery ({@link dev.promonitor.core.ExporterCatalog}) and the host that
 * runs them and serves {@code /metrics} ({@link dev.promonitor.core.ExporterHost}).
 */
@NullMarked
package dev.promonitor.core;

import org.jspecify.annotations.NullMarked;
