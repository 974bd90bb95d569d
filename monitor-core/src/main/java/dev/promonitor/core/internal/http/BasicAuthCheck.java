package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Checks HTTP basic auth credentials against bcrypt hashes. bcrypt is slow by design, and
 * Prometheus sends the same credentials on every scrape, so successful checks are remembered, as
 * exporter-toolkit does, by a SHA-256 of user, hash and password (never the password itself).
 *
 * <p>Only {@link #BCRYPT_AT_ONCE} bcrypt checks run at once; a request that would need one more
 * is told {@link Result#BUSY} (429) at once, so that a flood of wrong passwords costs at most
 * that many cores and never delays a scrape whose credentials were checked before (and in the
 * endpoint, {@link UncheckedAdmission} keeps such requests from holding the request slots). An unknown
 * user costs a bcrypt check against the hash of the highest cost among the users, so that no
 * timing tells which users exist.
 */
final class BasicAuthCheck {

  /** The most remembered checks; beyond it the memory starts over. */
  static final int MAX_REMEMBERED = 1024;

  /** The bcrypt checks that may run at once: one, on a 2-core machine, leaves a core to serve. */
  static final int BCRYPT_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** The outcome of a check. */
  enum Result {
    /** Known user, right password. */
    ACCEPTED,
    /** No credentials, an unknown user or a wrong password. */
    REFUSED,
    /** The check would need bcrypt while {@link #BCRYPT_AT_ONCE} checks are running. */
    BUSY
  }

  /** Checks a password against a bcrypt hash; the framework's is {@link #BCRYPT}. */
  @FunctionalInterface
  interface Verifier {
    boolean verify(String password, String hash);
  }

  /** Verifies with at.favre's bcrypt. */
  static final Verifier BCRYPT = BasicAuthCheck::bcrypt;

  private final Map<String, String> users;
  private final Set<String> remembered = ConcurrentHashMap.newKeySet();
  private final String unknownUserHash;
  private final Verifier verifier;
  private final Semaphore bcryptPermits;

  BasicAuthCheck(Map<String, String> users) {
    this(users, BCRYPT, BCRYPT_AT_ONCE);
  }

  BasicAuthCheck(Map<String, String> users, Verifier verifier, int bcryptAtOnce) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("users must not be empty");
    }
    this.users = Map.copyOf(users);
    this.verifier = verifier;
    this.bcryptPermits = new Semaphore(bcryptAtOnce);
    this.unknownUserHash =
        users.values().stream().max(Comparator.comparingInt(BasicAuthCheck::cost)).orElseThrow();
  }

  /**
   * Checks the credentials of an {@code Authorization} header.
   *
   * @param authorization the header's value, or {@code null} when the request has none
   */
  Result check(@Nullable String authorization) {
    String[] credentials = credentials(authorization);
    return credentials == null ? Result.REFUSED : check(credentials[0], credentials[1]);
  }

  /**
   * Whether the credentials of an {@code Authorization} header were found valid before, so that
   * {@link #check} accepts them without bcrypt. An unknown user costs the same digest as a known
   * one, so that this answer's timing tells nothing either.
   *
   * @param authorization the header's value, or {@code null} when the request has none
   */
  boolean remembered(@Nullable String authorization) {
    String[] credentials = credentials(authorization);
    return credentials != null && remembered.contains(key(credentials[0], credentials[1]));
  }

  /** The user and password of a basic {@code Authorization} header, or {@code null}. */
  private static String @Nullable [] credentials(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /**
   * What a valid check remembers: a digest of user, hash and password. An unknown user is
   * digested with the hash it is checked against, and is never remembered.
   */
  private String key(String user, String password) {
    String hash = users.getOrDefault(user, unknownUserHash);
    return digest(user + '\0' + hash + '\0' + password);
  }

  /** The cost of a bcrypt hash, {@code $2y$10$...} → 10. */
  static int cost(String hash) {
    return Integer.parseInt(hash.substring(4, 6));
  }

  private Result check(String user, String password) {
    String hash = users.get(user);
    String key = key(user, password);
    if (hash != null && remembered.contains(key)) {
      return Result.ACCEPTED;
    }
    if (!bcryptPermits.tryAcquire()) {
      return Result.BUSY;
    }
    boolean verified;
    try {
      // An unknown user costs as much as the dearest known one, and is refused whatever it gives.
      verified = verifier.verify(password, hash == null ? unknownUserHash : hash) && hash != null;
    } finally {
      bcryptPermits.release();
    }
    if (!verified) {
      return Result.REFUSED;
    }
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear();
    }
    remembered.add(key);
    return Result.ACCEPTED;
  }

  private static boolean bcrypt(String password, String hash) {
    try {
      return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    } catch (IllegalArgumentException e) {
      // such as a password longer than bcrypt's 72 bytes
      return false;
    }
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
