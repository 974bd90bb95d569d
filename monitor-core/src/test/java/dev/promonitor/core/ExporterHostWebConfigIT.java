package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.config.WebConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host passes its web config to the endpoint it serves. */
class ExporterHostWebConfigIT {

  @TempDir Path work;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private HttpResponse<String> get(ExporterHost host, String... headers) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + host.httpAddress().orElseThrow().getPort() + "/metrics");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hostWithBasicAuthUsersRefusesAnonymousScrapes() throws Exception {
    WebConfig web =
        WebConfig.builder()
            .basicAuthUser("prometheus", BCrypt.withDefaults().hashToString(4, "pw".toCharArray()))
            .header("X-Content-Type-Options", "nosniff")
            .build();
    try (ExporterHost host =
        ExporterHost.builder()
            .config(HostFixtures.config().build())
            .serveHttp(true)
            .webConfig(web)
            .build()) {
      host.start();
      String credentials =
          Base64.getEncoder().encodeToString("prometheus:pw".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> anonymous = get(host);
      HttpResponse<String> authenticated = get(host, "Authorization", "Basic " + credentials);

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(authenticated.statusCode()).isEqualTo(200);
      assertThat(authenticated.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  private Path configNamingAWebConfig() throws Exception {
    Files.writeString(
        work.resolve("web.yml"),
        "basic_auth_users:\n  prometheus: "
            + BCrypt.withDefaults().hashToString(4, "pw".toCharArray())
            + "\n");
    return Files.writeString(
        work.resolve("config.yml"),
        "app:\n  prometheus_host: 127.0.0.1\n  prometheus_port: 0\n  web_config_file: web.yml\n"
            + "exporters: []\n");
  }

  @Test
  void hostFromAConfigFileAppliesTheWebConfigFileItNames() throws Exception {
    try (ExporterHost host =
        ExporterHost.builder().configFile(configNamingAWebConfig()).serveHttp(true).build()) {
      host.start();
      String credentials =
          Base64.getEncoder().encodeToString("prometheus:pw".getBytes(StandardCharsets.UTF_8));

      assertThat(get(host).statusCode()).isEqualTo(401);
      assertThat(get(host, "Authorization", "Basic " + credentials).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void webConfigInCodeForAConfigFileWithOneIsAnError() throws Exception {
    Path config = configNamingAWebConfig();

    assertThatThrownBy(
            () ->
                ExporterHost.builder()
                    .configFile(config)
                    .serveHttp(true)
                    .webConfig(WebConfig.none())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "webConfig() is set and "
                + config
                + " has a web config file ("
                + work.resolve("web.yml")
                + "): the endpoint's security must have one source, so set only one");
  }
}
