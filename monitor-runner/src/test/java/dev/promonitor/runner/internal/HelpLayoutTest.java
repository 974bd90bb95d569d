package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpLayoutTest {

  @Test
  void wrapsAtSpacesOnlyKeepingUrlsAndKeysWhole() {
    String wrapped =
        HelpLayout.wrap(
            "  --push-gateway=URL  ",
            "push to the Pushgateway at URL (such as http://pushgateway:9091), replacing"
                + " app.web_config_file and --log.level",
            50,
            4);

    assertThat(wrapped)
        .isEqualTo(
            "  --push-gateway=URL  push to the Pushgateway at\n"
                + "    URL (such as http://pushgateway:9091),\n"
                + "    replacing app.web_config_file and --log.level");
  }

  @Test
  void wordLongerThanALineStaysWhole() {
    assertThat(HelpLayout.wrap("", "a https://example.org/a/very/long/path b", 10, 2))
        .isEqualTo("a\n  https://example.org/a/very/long/path\n  b");
  }
}
