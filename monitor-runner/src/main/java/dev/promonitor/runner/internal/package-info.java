/** The runner's plumbing, public only for {@code dev.promonitor.runner.Main}; not API. */
@NullMarked
package dev.promonitor.runner.internal;

import org.jspecify.annotations.NullMarked;
