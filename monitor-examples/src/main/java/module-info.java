import dev.promonitor.api.BaseExporter;
import dev.promonitor.examples.dirsize.DirSizeExporter;
import dev.promonitor.examples.s3.S3SizeExporter;

/**
 * The example exporters, {@code dir_size} and {@code s3_size}, as an exporter module: on the module
 * path beside monitor-core they are found through {@code provides}; in a runner's plugin folder or
 * on the class path through {@code META-INF/services}, as before.
 */
module dev.promonitor.examples {
  requires dev.promonitor.api;
  requires jakarta.validation;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.services.s3;
  requires static org.jspecify;

  exports dev.promonitor.examples.dirsize;
  exports dev.promonitor.examples.s3;
  // Jackson binds the config records and Hibernate Validator checks their constraints.
  opens dev.promonitor.examples.dirsize to
      com.fasterxml.jackson.databind,
      org.hibernate.validator;
  opens dev.promonitor.examples.s3 to
      com.fasterxml.jackson.databind,
      org.hibernate.validator;

  provides BaseExporter with
      DirSizeExporter,
      S3SizeExporter;
}
