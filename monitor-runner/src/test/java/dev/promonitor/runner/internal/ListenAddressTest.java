package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

  @Test
  void portAloneMeansEveryInterface() {
    assertThat(ListenAddress.parse(":9400")).isEqualTo(new ListenAddress("0.0.0.0", 9400));
  }

  @Test
  void hostAndPortAreKept() {
    assertThat(ListenAddress.parse("127.0.0.1:9400")).isEqualTo(new ListenAddress("127.0.0.1", 9400));
    assertThat(ListenAddress.parse("localhost:0")).isEqualTo(new ListenAddress("localhost", 0));
  }

  @Test
  void ipv6AddressIsWrittenInBrackets() {
    assertThat(ListenAddress.parse("[::1]:9400")).isEqualTo(new ListenAddress("::1", 9400));
    assertThatThrownBy(() -> ListenAddress.parse("::1:9400"))
        .hasMessage(
            "--web.listen-address: expecting [HOST]:PORT, such as :9400, 127.0.0.1:9400 or"
                + " [::1]:9400. Found: ::1:9400 (write an IPv6 address in brackets)");
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThatThrownBy(() -> ListenAddress.parse(":70000"))
        .hasMessage("--web.listen-address: expecting a port between 0 and 65535. Found: :70000");
  }
}
