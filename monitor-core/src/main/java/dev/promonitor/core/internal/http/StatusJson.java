package dev.promonitor.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The body of {@code /api/v1/exporters}: the {@link StatusDocument} as UTF-8 JSON.
 */
final class StatusJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private StatusJson() {}

  /**
   * Renders the state of a host.
   *
   * @param version the framework version
   * @param source the host
   * @param now the time of the answer
   * @return UTF-8 JSON
   */
  static byte[] render(String version, StatusSource source, Instant now) {
    try {
      return MAPPER.writeValueAsBytes(StatusDocument.of(version, source, now));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
