/**
 * Example exporters, one sub-package each: {@code dirsize}, a no-dependency demo that measures
 * directories, and {@code s3}, which measures S3 buckets with the AWS SDK. Every exporter here is
 * registered in {@code META-INF/services/dev.promonitor.api.BaseExporter}.
 */
@NullMarked
package dev.promonitor.examples;

import org.jspecify.annotations.NullMarked;
