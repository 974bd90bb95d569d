/** Framework plumbing that is public for {@code monitor-core} only; not API, may change at any time. */
@NullMarked
package dev.promonitor.api.internal;

import org.jspecify.annotations.NullMarked;
