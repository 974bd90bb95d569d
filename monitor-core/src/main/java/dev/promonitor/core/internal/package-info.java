/** Implementation of monitor-core; not API, may change at any time. */
@NullMarked
package dev.promonitor.core.internal;

import org.jspecify.annotations.NullMarked;
