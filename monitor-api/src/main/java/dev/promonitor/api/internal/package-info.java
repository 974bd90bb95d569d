/**
 * Framework plumbing that is public for {@code monitor-core} and {@code monitor-testing} only (the
 * module exports it to them alone); not API, may change at any time.
 */
@NullMarked
package dev.promonitor.api.internal;

import org.jspecify.annotations.NullMarked;
