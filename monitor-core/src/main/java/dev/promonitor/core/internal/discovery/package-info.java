/** Implementation of exporter discovery; not API. */
@NullMarked
package dev.promonitor.core.internal.discovery;

import org.jspecify.annotations.NullMarked;
