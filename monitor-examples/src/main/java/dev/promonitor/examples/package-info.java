/**
 * Example exporters, one sub-package each: {@code dirsize}, a no-dependency demo that measures
 * directories. Every exporter here is registered in
 * {@code META-INF/services/dev.promonitor.api.BaseExporter}.
 */
@NullMarked
package dev.promonitor.examples;

import org.jspecify.annotations.NullMarked;
