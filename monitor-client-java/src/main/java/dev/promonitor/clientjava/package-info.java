/**
 * Hosting exporters inside an application that serves a client_java 1.x {@code
 * PrometheusRegistry}, directly or through Micrometer's {@code PrometheusMeterRegistry}: {@link
 * dev.promonitor.clientjava.ClientJavaHost}.
 */
@NullMarked
package dev.promonitor.clientjava;

import org.jspecify.annotations.NullMarked;
