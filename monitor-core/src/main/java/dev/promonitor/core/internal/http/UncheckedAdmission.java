package dev.promonitor.core.internal.http;

import java.util.concurrent.Semaphore;

/**
 * The small admission, in front of the {@code max_requests} slots, of the requests whose
 * credentials were not found valid before: those with a wrong password or an unknown user (each a
 * bcrypt check), those that carry none, and a client's very first scrape. Only {@link #atOnce()}
 * of them hold a slot at once, and beyond it they get 429 at once, so that a flood of wrong
 * passwords can never take the slots that a scrape with remembered credentials needs, nor make
 * it wait.
 */
final class UncheckedAdmission {

  private final BasicAuthCheck check;
  private final int atOnce;
  private final Semaphore permits;

  /**
   * @param check the check whose remembered credentials pass without this admission
   * @param maxRequests the slots; this admission leaves at least one of them to the others
   */
  UncheckedAdmission(BasicAuthCheck check, int maxRequests) {
    this.check = check;
    this.atOnce = atOnce(maxRequests);
    this.permits = new Semaphore(atOnce);
  }

  /**
   * Twice the bcrypt checks that may run at once (so that a request without credentials, refused
   * at no cost, finds room next to them), and never all of the slots when there is more than one.
   */
  static int atOnce(int maxRequests) {
    return Math.max(1, Math.min(maxRequests - 1, 2 * BasicAuthCheck.BCRYPT_AT_ONCE));
  }

  /** How many unchecked requests may hold a slot at once. */
  int atOnce() {
    return atOnce;
  }

  /** Whether a request must pass this admission: its credentials are not remembered valid. */
  boolean needed(Request request) {
    return !check.remembered(request.headers.getFirst("Authorization"));
  }

  /** Takes a place, or says there is none. */
  boolean tryEnter() {
    return permits.tryAcquire();
  }

  /** Gives back a place that {@link #tryEnter()} took. */
  void leave() {
    permits.release();
  }
}
