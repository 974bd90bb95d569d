/**
 * The benchmark harness: whole-system measurements of the engine (one cycle per execution mode,
 * period accuracy, 10,000 instances) and of the runner's memory. Run by {@link
 * dev.promonitor.benchmarks.Benchmarks}; never by the build.
 */
@NullMarked
package dev.promonitor.benchmarks;

import org.jspecify.annotations.NullMarked;
