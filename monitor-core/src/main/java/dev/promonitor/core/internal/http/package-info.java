/** The HTTP endpoint; not API. */
@NullMarked
package dev.promonitor.core.internal.http;

import org.jspecify.annotations.NullMarked;
