/**
 * promonitor in a Spring Boot 3.5 or 4.0 application: the auto-configuration, its {@code
 * promonitor.*} properties ({@link dev.promonitor.springboot.PromonitorProperties}) and exporters
 * declared as beans ({@link dev.promonitor.springboot.ExporterDefinition}).
 */
@NullMarked
package dev.promonitor.springboot;

import org.jspecify.annotations.NullMarked;
