package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KeyPathsTest {

  @Test
  void pointerIsWrittenAsTheFileNamesKeys() throws Exception {
    var root = new ObjectMapper().readTree("{\"exporters\": [{}, {\"config\": {\"0\": [1, 2]}}]}");

    assertThat(KeyPaths.of(JsonPointer.compile("/exporters/1/config/0/1"), root))
        .isEqualTo("exporters[1].config.0[1]");
    assertThat(KeyPaths.of(JsonPointer.compile("/exporters/0/config/bucket_names/2"), root))
        .isEqualTo("exporters[0].config.bucket_names[2]");
    assertThat(KeyPaths.of(JsonPointer.empty(), root)).isEmpty();
  }

  @Test
  void secretLookingKeysAreRecognisedAlsoInsideLongerNames() {
    assertThat(
            java.util.stream.Stream.of(
                "password", "DB_PASSWD", "client_secret", "token", "api_key", "apiKey",
                "secret_access_key", "AccessKey", "private_key", "credentials"))
        .allMatch(KeyPaths::looksSecret);
    assertThat(java.util.stream.Stream.of("bucket_names", "metric_name", "host"))
        .noneMatch(KeyPaths::looksSecret);
  }

  @Test
  void valueUnderASecretKeyIsMasked() {
    assertThat(KeyPaths.isSecret(JsonPointer.compile("/exporters/0/config/credentials/user")))
        .isTrue();
    assertThat(KeyPaths.isSecret(JsonPointer.compile("/exporters/0/config/bucket_names/0")))
        .isFalse();
  }
}
