package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.config.WebConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A host passes its web config to the endpoint it serves. */
class ExporterHostWebConfigIT {

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
}
