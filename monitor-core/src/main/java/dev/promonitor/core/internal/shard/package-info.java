/** Sharding: which replica runs which entry, and the shard's own settings; not API. */
@NullMarked
package dev.promonitor.core.internal.shard;

import org.jspecify.annotations.NullMarked;
