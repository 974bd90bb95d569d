/** The baselines that the start benchmark measures the runner against, started as processes. */
@NullMarked
package dev.promonitor.benchmarks.baseline;

import org.jspecify.annotations.NullMarked;
