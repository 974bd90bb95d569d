/**
 * A testing kit for exporter authors: {@link dev.promonitor.testing.ExporterTester} creates an
 * exporter of a class with a config object or a YAML snippet, runs {@code init}, exports and
 * {@code close}, and hands back its samples, without a host, a port or a file.
 */
@NullMarked
package dev.promonitor.testing;

import org.jspecify.annotations.NullMarked;
