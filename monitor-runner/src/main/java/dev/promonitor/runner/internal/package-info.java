/** The runner's plumbing; not API. */
@NullMarked
package dev.promonitor.runner.internal;

import org.jspecify.annotations.NullMarked;
