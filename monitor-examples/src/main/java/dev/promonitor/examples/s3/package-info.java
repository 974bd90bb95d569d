/**
 * The {@code s3_size} exporter: total size and number of objects of S3 buckets, on AWS or on an
 * S3-compatible store.
 *
 * @see dev.promonitor.examples.s3.S3SizeExporter
 */
@NullMarked
package dev.promonitor.examples.s3;

import org.jspecify.annotations.NullMarked;
