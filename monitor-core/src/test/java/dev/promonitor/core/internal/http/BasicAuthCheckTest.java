package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.internal.http.BasicAuthCheck.Result;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BasicAuthCheckTest {

  /** Made with {@code htpasswd -nbB -C 5 prometheus scrape-me}. */
  private static final String COST_5 = "$2y$05$8vMFdRxEwOcAT1bobFMCeezkuQJuSSHWL1mQNBghfztSxq4UehsH.";
  /** A hash of cost 12 (only its cost matters to the counting verifier). */
  private static final String COST_12 = "$2y$12$" + "a".repeat(53);

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  /** Records the cost of each hash it is asked to check, and accepts only "right". */
  private static final class CountingVerifier implements BasicAuthCheck.Verifier {
    final List<Integer> costs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean verify(String password, String hash) {
      costs.add(BasicAuthCheck.cost(hash));
      return password.equals("right");
    }
  }

  @Test
  void anUnknownUserCostsAsMuchAsTheDearestKnownOne() {
    CountingVerifier verifier = new CountingVerifier();
    BasicAuthCheck check =
        new BasicAuthCheck(Map.of("cheap", COST_5, "dear", COST_12), verifier, 1);

    assertThat(check.check(basic("nobody", "right"))).isEqualTo(Result.REFUSED);
    assertThat(check.check(basic("dear", "wrong"))).isEqualTo(Result.REFUSED);

    assertThat(verifier.costs).containsExactly(12, 12);
  }

  @Test
  void aKnownUserIsCheckedAgainstItsOwnHash() {
    CountingVerifier verifier = new CountingVerifier();
    BasicAuthCheck check =
        new BasicAuthCheck(Map.of("cheap", COST_5, "dear", COST_12), verifier, 1);

    assertThat(check.check(basic("cheap", "right"))).isEqualTo(Result.ACCEPTED);

    assertThat(verifier.costs).containsExactly(5);
  }

  @Test
  void rememberedCredentialsNeedNoBcrypt() {
    CountingVerifier verifier = new CountingVerifier();
    BasicAuthCheck check = new BasicAuthCheck(Map.of("prometheus", COST_5), verifier, 1);

    check.check(basic("prometheus", "right"));
    check.check(basic("prometheus", "right"));
    check.check(basic("prometheus", "right"));

    assertThat(verifier.costs).hasSize(1);
  }

  @Test
  void checksBeyondTheBcryptLimitAreBusyAtOnceAndRememberedOnesStillPass() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountingVerifier counting = new CountingVerifier();
    BasicAuthCheck.Verifier blocking =
        (password, hash) -> {
          if (password.equals("slow")) {
            inside.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return counting.verify(password, hash);
        };
    BasicAuthCheck check = new BasicAuthCheck(Map.of("prometheus", COST_5), blocking, 1);
    assertThat(check.check(basic("prometheus", "right"))).isEqualTo(Result.ACCEPTED);
    CompletableFuture<Result> slow =
        CompletableFuture.supplyAsync(() -> check.check(basic("prometheus", "slow")));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    Result flood = check.check(basic("prometheus", "guess"));
    Result unknown = check.check(basic("intruder", "guess"));
    Result valid = check.check(basic("prometheus", "right"));

    release.countDown();
    assertThat(flood).isEqualTo(Result.BUSY);
    assertThat(unknown).isEqualTo(Result.BUSY);
    assertThat(valid).isEqualTo(Result.ACCEPTED);
    assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(Result.REFUSED);
    assertThat(counting.costs).hasSize(2);
  }

  @Test
  void realBcryptAcceptsTheRightPasswordOnly() {
    BasicAuthCheck check = new BasicAuthCheck(Map.of("prometheus", COST_5));

    assertThat(check.check(basic("prometheus", "scrape-me"))).isEqualTo(Result.ACCEPTED);
    assertThat(check.check(basic("prometheus", "nope"))).isEqualTo(Result.REFUSED);
    assertThat(check.check(null)).isEqualTo(Result.REFUSED);
    assertThat(check.check("Bearer x")).isEqualTo(Result.REFUSED);
    assertThat(BCrypt.verifyer().verify("scrape-me".toCharArray(), COST_5).verified).isTrue();
  }

  @Test
  void onlyCredentialsAcceptedBeforeAreRemembered() {
    BasicAuthCheck check =
        new BasicAuthCheck(Map.of("prometheus", COST_5), new CountingVerifier(), 1);
    assertThat(check.remembered(basic("prometheus", "right"))).isFalse();

    check.check(basic("prometheus", "right"));
    check.check(basic("prometheus", "wrong"));
    check.check(basic("intruder", "right"));

    assertThat(check.remembered(basic("prometheus", "right"))).isTrue();
    assertThat(check.remembered(basic("prometheus", "wrong"))).isFalse();
    assertThat(check.remembered(basic("intruder", "right"))).isFalse();
    assertThat(check.remembered(null)).isFalse();
    assertThat(check.remembered("Basic !!")).isFalse();
  }
}
