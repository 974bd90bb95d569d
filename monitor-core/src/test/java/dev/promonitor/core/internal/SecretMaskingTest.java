package dev.promonitor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

  @Test
  void passwordInAUrlIsMaskedAndTheUserAndHostStay() {
    assertThat(SecretMasking.mask("cannot connect to postgres://monitor:s3cr3t!@db.internal:5432/app"))
        .isEqualTo("cannot connect to postgres://monitor:****@db.internal:5432/app");
  }

  @Test
  void keyValuePairsNamingASecretAreMasked() {
    assertThat(SecretMasking.mask("login failed: user=admin password=hunter2 host=db"))
        .isEqualTo("login failed: user=admin password=**** host=db");
    assertThat(SecretMasking.mask("GET /api?token=abc123&page=2 returned 401"))
        .isEqualTo("GET /api?token=****&page=2 returned 401");
    assertThat(SecretMasking.mask("bad config {\"api_key\": \"k-42\", \"region\": \"eu\"}"))
        .isEqualTo("bad config {\"api_key\": \"****\", \"region\": \"eu\"}");
    assertThat(SecretMasking.mask("db.client_secret: xyz, db.Passwd=abc; PWD=p"))
        .isEqualTo("db.client_secret: ****, db.Passwd=****; PWD=****");
  }

  @Test
  void aSecretPairInsideTheValueOfAnOrdinaryPairIsMasked() {
    assertThat(SecretMasking.mask("java.io.IOException: login refused: password=hunter2"))
        .isEqualTo("java.io.IOException: login refused: password=****");
    assertThat(SecretMasking.mask("status: token=abc123 user=bob"))
        .isEqualTo("status: token=**** user=bob");
  }

  @Test
  void authorizationHeadersAndBearerTokensAreMasked() {
    assertThat(SecretMasking.mask("request had Authorization: Basic dXNlcjpwYXNz\nstatus 403"))
        .isEqualTo("request had Authorization: ****\nstatus 403");
    assertThat(SecretMasking.mask("sent bearer eyAbC.def-123 to the API"))
        .isEqualTo("sent bearer **** to the API");
  }

  @Test
  void awsStyleKeysAreMasked() {
    assertThat(
            SecretMasking.mask(
                "The AWS Access Key Id AKIAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is invalid"))
        .isEqualTo("The AWS Access Key Id **** with **** is invalid");
  }

  @Test
  void jsonWebTokensAndPrivateKeysAreMasked() {
    assertThat(SecretMasking.mask("rejected eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here"))
        .isEqualTo("rejected **** here");
    assertThat(SecretMasking.mask("key: -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end"))
        .isEqualTo("key: **** end");
  }

  @Test
  void ordinaryMessagesAreLeftAlone() {
    String message =
        "java.io.IOException: Connection refused: https://example.com:9100/metrics after 3 retries"
            + " (commit 3f786850e387550fdab836ed7e6dc881de23001b, path /var/log/token)";

    assertThat(SecretMasking.mask(message)).isEqualTo(message);
  }

  @Test
  void aRememberedValueIsMaskedWhereverItAppearsAlsoUrlEncoded() {
    SecretMasking.remember("n0t-in-any-rule&x y");

    assertThat(
            SecretMasking.mask(
                "failed with n0t-in-any-rule&x y, sent as n0t-in-any-rule%26x+y or"
                    + " n0t-in-any-rule%26x%20y"))
        .isEqualTo("failed with ****, sent as **** or ****");
  }

  @Test
  void shortValuesAreNotSearchedForSinceTheyWouldMaskOrdinaryWords() {
    SecretMasking.remember("logs");

    assertThat(SecretMasking.mask("cannot list /var/logs")).isEqualTo("cannot list /var/logs");
  }

  @Test
  void aShortValueUnderASecretKeyIsMaskedWhereItStandsAsAWord() {
    SecretMasking.remember("q7zk", true);

    assertThat(SecretMasking.mask("login as bob/q7zk refused (q7zk)"))
        .isEqualTo("login as bob/**** refused (****)");
    assertThat(SecretMasking.mask("cannot open /srv/q7zkx or q7zk9")).isEqualTo("cannot open /srv/q7zkx or q7zk9");
    assertThat(SecretMasking.logReplacementRegex(100)).contains("q7zk");
  }

  @Test
  void aShortSubstitutedValueUnderAnOrdinaryKeyIsNotSearchedFor() {
    SecretMasking.remember("w4v", false);
    SecretMasking.remember("j9", true);

    assertThat(SecretMasking.mask("port w4v, code j9")).isEqualTo("port w4v, code j9");
  }

  @Test
  void urlEncodedPairsAndUserInfoAreMasked() {
    assertThat(SecretMasking.mask("POST body user=bob&password%3Dhunter2%26next%3D1"))
        .isEqualTo("POST body user=bob&password%3D****%26next%3D1");
    assertThat(SecretMasking.mask("redirect to https%3A%2F%2Fbob%3Ahunter2%40db.internal%2Fx"))
        .isEqualTo("redirect to https%3A%2F%2Fbob%3A****%40db.internal%2Fx");
  }

  @Test
  void everyKeyThatTheConfigReportHidesIsHiddenInMessagesToo() {
    assertThat(
            SecretMasking.mask(
                "pass=a1 pwd: a2 passphrase=a3 DB_PASSWD=a4 clientSecret=a5 X-Auth-Token: a6"
                    + " authorization: Bearer a7 sessionId=a8 api-key=a9"))
        .isEqualTo(
            "pass=**** pwd: **** passphrase=**** DB_PASSWD=**** clientSecret=**** X-Auth-Token:"
                + " **** authorization: ****");
  }

  @Test
  void oneKeyPolicyRecognisesSecretsInAnyCaseAndSpelling() {
    assertThat(
            java.util.stream.Stream.of(
                "password", "DB_PASSWD", "pass", "db.pwd", "passphrase", "client_secret",
                "apiToken", "api-key", "AccessKey", "private_key", "credentials", "Authorization",
                "session_id", "cookie"))
        .allMatch(SecretMasking::isSecretKey);
    assertThat(
            java.util.stream.Stream.of(
                "bucket_names", "host", "client_auth_type", "bypass", "compass", "key_file",
                "metric_name"))
        .noneMatch(SecretMasking::isSecretKey);
  }

  @Test
  void aFailureWithNothingToMaskIsLoggedAsItself() {
    IllegalStateException failure =
        new IllegalStateException("bucket not found", new IOException("HTTP 404 from s3"));

    assertThat(SecretMasking.masked(failure)).isSameAs(failure);
  }

  @Test
  void aMaskedFailureOfAJdkClassKeepsItsClassStackTraceAndCauses() {
    IOException cause = new IOException("cannot reach https://monitor:s3cr3t!@db:5432");
    IllegalStateException failure = new IllegalStateException("login refused: password=hunter2", cause);
    failure.addSuppressed(new IllegalArgumentException("token=abc123 rejected"));

    Throwable masked = SecretMasking.masked(failure);

    assertThat(masked).isExactlyInstanceOf(IllegalStateException.class);
    assertThat(masked).hasMessage("login refused: password=****");
    assertThat(masked.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(masked.getCause()).isExactlyInstanceOf(IOException.class);
    assertThat(masked.getCause()).hasMessage("cannot reach https://monitor:****@db:5432");
    assertThat(masked.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    assertThat(masked.getSuppressed()).hasSize(1);
    assertThat(masked.getSuppressed()[0])
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("token=**** rejected");
  }

  @Test
  void aMaskedFailureOfAClassOutsideTheJdkIsItsNearestJdkClassNamingTheOriginal() {
    Throwable masked = SecretMasking.masked(new ApiException("password=hunter2 refused"));

    assertThat(masked).isExactlyInstanceOf(IllegalStateException.class);
    assertThat(masked).hasMessage(ApiException.class.getName() + ": password=**** refused");
  }

  @Test
  void aJdkClassWithoutAStringConstructorIsCopiedAsItsNearestSuperclass() {
    UncheckedIOException failure =
        new UncheckedIOException("secret=x1 lost", new IOException("broken pipe"));

    Throwable masked = SecretMasking.masked(failure);

    assertThat(masked).isExactlyInstanceOf(RuntimeException.class);
    assertThat(masked).hasMessage("java.io.UncheckedIOException: secret=**** lost");
    assertThat(masked.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("broken pipe");
  }

  @Test
  void theStackTraceOfAMaskedFailureNamesNoClassOfTheFramework() {
    Throwable failure =
        new RuntimeException("wrapped", new ApiException("call with api_key=k-4242 failed"));

    StringWriter printed = new StringWriter();
    SecretMasking.masked(failure).printStackTrace(new PrintWriter(printed));

    assertThat(printed.toString().lines().filter(line -> !line.startsWith("\t")))
        .containsExactly(
            "java.lang.RuntimeException: wrapped",
            "Caused by: java.lang.IllegalStateException: " + ApiException.class.getName()
                + ": call with api_key=**** failed");
    assertThat(printed.toString()).doesNotContain("SecretMasking$MaskedFailure", "MaskedFailures");
  }

  @Test
  void aFailureWhoseMessageThrowsIsStillLogged() {
    Throwable masked = SecretMasking.masked(new UnreadableException());

    assertThat(masked).isExactlyInstanceOf(RuntimeException.class);
    assertThat(masked.getMessage())
        .isEqualTo(UnreadableException.class.getName()
            + ": (its message cannot be read: java.lang.IllegalStateException)");
  }

  /** An exception class of an exporter or its libraries, outside the JDK. */
  static final class ApiException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ApiException(String message) {
      super(message);
    }
  }

  /** An exception whose own methods fail. */
  static final class UnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("no message");
    }
  }
}
