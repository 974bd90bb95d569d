package dev.promonitor.core.internal.http;

import java.time.Duration;

/**
 * exporter-toolkit's {@code rate_limit}: one token every {@code interval}, at most {@code burst}
 * of them saved up; a request without a token gets 429. Used by the front's thread only.
 */
final class TokenBucket {

  private final long intervalNanos;
  private final int burst;
  private double tokens;
  private long last;

  TokenBucket(Duration interval, int burst, long now) {
    this.intervalNanos = interval.toNanos();
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.last = now;
  }

  boolean tryTake(long now) {
    tokens = Math.min(burst, tokens + (double) (now - last) / intervalNanos);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
