package dev.promonitor.core.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Hides what looks like a secret in a message shown to people: a failed run's error can quote a
 * connection string, a header or a config value.
 *
 * <p>The patterns err on the side of masking too much: a status page loses little when a harmless
 * word after {@code token=} turns into {@code ****}, and much when a password shows.
 */
public final class SecretMasking {

  /** What replaces a secret. */
  public static final String MASK = "****";

  private record Rule(Pattern pattern, String replacement) {}

  private static final String KEY_WORDS =
      "password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key"
          + "|credentials?|session[_-]?id|cookie";

  private static final List<Rule> RULES =
      List.of(
          // A PEM private key, whole.
          new Rule(
              Pattern.compile(
                  "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
              MASK),
          // https://user:password@host: keep the user, hide the password.
          new Rule(Pattern.compile("(://[^/\\s:@]*:)[^/\\s@]+@"), "$1" + MASK + "@"),
          // Authorization: Basic abc, Proxy-Authorization=Bearer abc: the whole value to the line end.
          new Rule(
              Pattern.compile("(?i)\\b((?:proxy-)?authorization[\"']?\\s*[:=]\\s*)[^\\r\\n]+"),
              "$1" + MASK),
          // Bearer tokens wherever they appear.
          new Rule(Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1" + MASK),
          // password=..., "api_key": "...", db.secret: ..., X-Auth-Token: ...
          new Rule(
              Pattern.compile(
                  "(?i)([\\w.-]*(?:" + KEY_WORDS + ")[\\w.-]*[\"']?\\s*[:=]\\s*[\"']?)([^\\s\"'&,;)}\\]]+)"),
              "$1" + MASK),
          // AWS access key ids.
          new Rule(Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\\b"), MASK),
          // JSON Web Tokens.
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), MASK),
          // AWS-style secret keys: 40 characters of base64 with upper and lower case and a digit.
          new Rule(
              Pattern.compile(
                  "(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])"
                      + "(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
              MASK));

  private SecretMasking() {}

  /**
   * The message with every secret it seems to hold replaced by {@value #MASK}.
   *
   * @param message a message, such as an exception's
   * @return the masked message
   */
  public static String mask(String message) {
    String masked = message;
    for (Rule rule : RULES) {
      masked = rule.pattern().matcher(masked).replaceAll(rule.replacement());
    }
    return masked;
  }

  /**
   * A copy of a failure for the log: the same class name, stack trace and causes, with every
   * message masked.
   *
   * @param failure what an exporter threw
   * @return the copy to log
   */
  public static Throwable masked(Throwable failure) {
    return new MaskedFailure(failure, 0);
  }

  /** Stands in for a logged failure; its {@code toString()} reads as the original's, masked. */
  private static final class MaskedFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSES = 16;

    MaskedFailure(Throwable original, int depth) {
      super(
          mask(original.toString()),
          original.getCause() == null || original.getCause() == original || depth >= MAX_CAUSES
              ? null
              : new MaskedFailure(original.getCause(), depth + 1),
          false,
          true);
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
