/**
 * The {@code dir_size} exporter: total size and number of files under directories.
 *
 * @see dev.promonitor.examples.dirsize.DirSizeExporter
 */
@NullMarked
package dev.promonitor.examples.dirsize;

import org.jspecify.annotations.NullMarked;
