package dev.promonitor.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ScrapeHandlerTest {

  @Test
  void namesAreTakenFromNameBracketsEncodedOrNot() throws IOException {
    assertThat(ScrapeHandler.names("name[]=up&name%5B%5D=process_cpu_seconds_total&other=x&name[]"))
        .containsExactly("up", "process_cpu_seconds_total");
    assertThat(ScrapeHandler.names(null)).isEmpty();
  }

  @Test
  void gzipIsUsedWhenTheClientListsItWithoutQZero() {
    assertThat(ScrapeHandler.acceptsGzip("gzip, deflate")).isTrue();
    assertThat(ScrapeHandler.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(ScrapeHandler.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ScrapeHandler.acceptsGzip("gzip; q=0.000")).isFalse();
    assertThat(ScrapeHandler.acceptsGzip("identity")).isFalse();
    assertThat(ScrapeHandler.acceptsGzip(null)).isFalse();
  }
}
