/**
 * The contract that exporter authors implement.
 *
 * <p>An exporter is a class that extends {@link dev.promonitor.api.BaseExporter} (or
 * {@link dev.promonitor.api.AsyncExporter} when it does not block a thread), carries
 * {@link dev.promonitor.api.ExporterType} and is listed in
 * {@code META-INF/services/dev.promonitor.api.BaseExporter}. The framework creates one instance
 * per enabled entry of the config file, injects its settings, calls
 * {@link dev.promonitor.api.BaseExporter#init()} once, then runs
 * {@link dev.promonitor.api.BaseExporter#exportMetrics()} on a schedule, and finally
 * {@link dev.promonitor.api.BaseExporter#close()}.
 */
@NullMarked
package dev.promonitor.api;

import org.jspecify.annotations.NullMarked;
