/** The plugin of the memory benchmark: one trivial exporter, packaged alone in a plugin jar. */
@NullMarked
package dev.promonitor.benchmarks.plugin;

import org.jspecify.annotations.NullMarked;
