package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks HTTP basic auth credentials against bcrypt hashes. bcrypt is slow by design, and
 * Prometheus sends the same credentials on every scrape, so successful checks are remembered, as
 * exporter-toolkit does, by a SHA-256 of user, hash and password (never the password itself).
 */
final class BasicAuthCheck {

  /** The most remembered checks; beyond it the memory starts over. */
  static final int MAX_REMEMBERED = 1024;

  private final Map<String, String> users;
  private final Set<String> remembered = ConcurrentHashMap.newKeySet();
  private final String unknownUserHash;

  BasicAuthCheck(Map<String, String> users) {
    this.users = Map.copyOf(users);
    // An unknown user costs a bcrypt check too, so that timing does not tell which users exist.
    this.unknownUserHash = BCrypt.withDefaults().hashToString(10, "promonitor".toCharArray());
  }

  /**
   * Whether an {@code Authorization} header carries the credentials of a known user.
   *
   * @param authorization the header's value, or {@code null} when the request has none
   */
  boolean accepts(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    return check(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private boolean check(String user, String password) {
    String hash = users.get(user);
    if (hash == null) {
      verify(password, unknownUserHash);
      return false;
    }
    String key = digest(user + '\0' + hash + '\0' + password);
    if (remembered.contains(key)) {
      return true;
    }
    if (!verify(password, hash)) {
      return false;
    }
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear();
    }
    remembered.add(key);
    return true;
  }

  private static boolean verify(String password, String hash) {
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
