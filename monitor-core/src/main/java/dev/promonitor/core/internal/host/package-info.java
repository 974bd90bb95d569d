/**
 * The pieces that {@link dev.promonitor.core.ExporterHost} puts together: where its config comes
 * from and its settings' defaults, promonitor's own collectors in the registry, and the endpoint's
 * start. None of them imports the host. Not API, may change at any time.
 */
@NullMarked
package dev.promonitor.core.internal.host;

import org.jspecify.annotations.NullMarked;
