/**
 * The pieces that {@link dev.promonitor.core.ExporterHost} puts together: where its config comes
 * from and its settings' defaults, the working pieces that run its exporters, promonitor's own
 * collectors in the registry, the endpoint's start and the reload. None of them imports the host. Not API, may change at any time.
 */
@NullMarked
package dev.promonitor.core.internal.host;

import org.jspecify.annotations.NullMarked;
