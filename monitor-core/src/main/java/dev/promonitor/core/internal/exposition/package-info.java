/**
 * The exposition of snapshots as bytes: each snapshot rendered once per format, and the scrape's
 * body assembled from those bytes; not API.
 */
@NullMarked
package dev.promonitor.core.internal.exposition;

import org.jspecify.annotations.NullMarked;
