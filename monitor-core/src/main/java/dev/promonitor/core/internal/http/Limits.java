package dev.promonitor.core.internal.http;

import java.time.Duration;

/**
 * The limits that keep the endpoint answering whatever clients do.
 *
 * @param maxRequests the most requests served at once; beyond it clients get 503 at once
 * @param headTimeout the time a new connection has for its TLS handshake and its first request
 *     head, and a kept-alive one for a head once its first byte arrived
 * @param idleTimeout the time a kept-alive connection may wait for its next request
 * @param writeTimeout the time a client may take to accept any more of its response
 * @param maxConnections the most open connections; beyond it the one waiting longest is closed
 * @param activeWorkers the most requests worked on at once (the others of the {@code
 *     maxRequests} wait for a thread, in order), not counting threads that wait for their clients
 */
record Limits(
    int maxRequests,
    Duration headTimeout,
    Duration idleTimeout,
    Duration writeTimeout,
    int maxConnections,
    int activeWorkers) {

  /** The default of {@code max_requests}, as exporter-toolkit's {@code --web.max-requests}. */
  static final int DEFAULT_MAX_REQUESTS = 40;

  /** The longest request head, as Go's net/http allows it by default (1 MB) would be too much. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  /** The longest request body: only {@code /-/reload} takes one, and ignores it. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * The default of {@link #activeWorkers()}: one per processor, at least 2. A scrape of ready bytes
   * is work for a core; more threads than cores only share them, and every answer waits for all.
   */
  static final int DEFAULT_ACTIVE_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  static Limits defaults(int maxRequests) {
    return new Limits(
        maxRequests,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        1024,
        Math.min(maxRequests, DEFAULT_ACTIVE_WORKERS));
  }

  Limits {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests: Expecting value > 0. Found: " + maxRequests);
    }
    if (activeWorkers < 1 || activeWorkers > maxRequests) {
      throw new IllegalArgumentException(
          "activeWorkers: Expecting value between 1 and " + maxRequests + ". Found: " + activeWorkers);
    }
  }

  Limits withHeadTimeout(Duration timeout) {
    return new Limits(maxRequests, timeout, idleTimeout, writeTimeout, maxConnections, activeWorkers);
  }

  Limits withActiveWorkers(int workers) {
    return new Limits(maxRequests, headTimeout, idleTimeout, writeTimeout, maxConnections, workers);
  }
}
