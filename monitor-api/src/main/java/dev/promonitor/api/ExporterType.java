package dev.promonitor.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the type of an exporter, the value that a config file's {@code type} key refers to.
 *
 * <pre>{@code
 * @ExporterType("s3_size")
 * public final class S3SizeExporter extends BaseExporter<S3SizeConfig> { ... }
 * }</pre>
 *
 * <p>Every exporter class registered in {@code META-INF/services/dev.promonitor.api.BaseExporter}
 * must carry this annotation; discovery refuses a class without it, and a type name that two
 * classes share.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExporterType {

  /**
   * The type name: letters, digits, {@code _}, {@code -} and {@code .}, starting with a letter
   * or a digit (for example {@code s3_size}). A dot adds a level to the exporter's logger name.
   *
   * @return the type name used in config files
   */
  String value();
}
