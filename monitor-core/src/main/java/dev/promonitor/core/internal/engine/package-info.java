/** The execution engine: scheduling, the execution modes and exporter isolation; not API. */
@NullMarked
package dev.promonitor.core.internal.engine;

import org.jspecify.annotations.NullMarked;
