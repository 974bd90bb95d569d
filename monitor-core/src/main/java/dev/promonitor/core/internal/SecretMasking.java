package dev.promonitor.core.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one policy for secrets: which config keys name one ({@link #isSecretKey}, for the config
 * report and for messages alike), and how a message shown to people is cleaned of them
 * ({@link #mask}): every value the config got from a substitution or holds under a secret key, in
 * clear and URL-encoded, and whatever looks like a secret (a URL's password, a header, a token).
 *
 * <p>The rules err on the side of masking too much: a status page loses little when a harmless
 * word after {@code token=} turns into {@code ****}, and much when a password shows.
 */
public final class SecretMasking {

  /** What replaces a secret. */
  public static final String MASK = "****";

  /**
   * Values at least this long are masked wherever they appear in a message, inside words too.
   * Shorter ones would mask ordinary words of every message ({@code on}, {@code 8080} or
   * {@code logs} as a part of {@code /var/logs}); they are still shown as {@value #MASK} in the
   * config report.
   */
  public static final int MIN_KNOWN_LENGTH = 6;

  /**
   * A value under a secret key (a short password such as {@code abc1}) of at least this many
   * characters but fewer than {@link #MIN_KNOWN_LENGTH} is masked where it stands as a word of its
   * own, between characters that are not letters or digits. Values of one or two characters cannot
   * be told from ordinary text and are not searched for.
   */
  public static final int MIN_SECRET_WORD_LENGTH = 3;

  /** The most values remembered, against a config that substitutes without end. */
  static final int MAX_KNOWN = 10_000;

  /** Words that make a key secret wherever they appear in it: {@code db_password}, {@code apiToken}. */
  private static final Pattern SECRET_WORD =
      Pattern.compile(
          "password|passwd|passphrase|secret|token|api_?key|access_?key|private_?key|credential"
              + "|session_?id|cookie|authorization|bearer");

  /** Words that make a key secret only as a whole part of it: {@code pass}, {@code db_pwd}. */
  private static final Pattern SECRET_PART = Pattern.compile("(?:^|_)(?:pass|pwd|pw)(?:_|$)");

  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private record Rule(Pattern pattern, String replacement) {}

  /**
   * {@code key=value}, {@code "key": "value"}, {@code key: value} and URL-encoded
   * {@code key%3Dvalue}: the value is masked when the key is secret by {@link #isSecretKey}.
   */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "([A-Za-z0-9_.-]+)([\"']?\\s*(?:[:=]|%3[Dd]|%3[Aa])\\s*[\"']?)"
              + "((?:(?!%26|%22|%2[Cc])[^\\s\"'&,;)}\\]])+)");

  /** How many of the first {@link #RULES} apply to a config value whatever its key. */
  private static final int VALUE_RULES = 3;

  private static final List<Rule> RULES =
      List.of(
          // A PEM private key, whole.
          new Rule(
              Pattern.compile(
                  "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
              MASK),
          // https://user:password@host: keep the user, hide the password.
          new Rule(Pattern.compile("(://[^/\\s:@]*:)[^/\\s@]+@"), "$1" + MASK + "@"),
          // The same, URL-encoded: https%3A%2F%2Fuser%3Apassword%40host.
          new Rule(
              Pattern.compile("(?i)(%3A%2F%2F(?:(?!%3A|%40|%2F)[^/\\s@])*%3A)(?:(?!%40)[^/\\s])+%40"),
              "$1" + MASK + "%40"),
          // Authorization: Basic abc, Proxy-Authorization=Bearer abc: the whole value to the line end.
          new Rule(
              Pattern.compile("(?i)\\b((?:proxy-)?authorization[\"']?\\s*[:=]\\s*)[^\\r\\n]+"),
              "$1" + MASK),
          // Bearer tokens wherever they appear.
          new Rule(Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1" + MASK),
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

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  /** {@link #KNOWN}, longest first, so that a value is masked before a shorter one inside it. */
  private static volatile List<String> knownLongestFirst = List.of();

  /** Short secret values, masked as whole words only (see {@link #MIN_SECRET_WORD_LENGTH}). */
  private static final Set<String> KNOWN_WORDS = ConcurrentHashMap.newKeySet();

  /** {@link #KNOWN_WORDS} as one expression, or {@code null} when there are none. */
  private static volatile @Nullable Pattern knownWords;

  private SecretMasking() {}

  /**
   * Whether a key names a secret, so that its value is hidden: the one decision for the config
   * report, config errors and messages. Case, camel case, {@code -} and {@code .} do not matter:
   * {@code DB_PASSWD}, {@code apiToken}, {@code X-Auth-Token}, {@code db.pass} all do.
   *
   * @param key a config key or a key in a message
   * @return {@code true} when its value is a secret
   */
  public static boolean isSecretKey(String key) {
    String normalized =
        CAMEL_HUMP.matcher(key).replaceAll("$1_$2").toLowerCase(Locale.ROOT).replaceAll("[-.\\s]", "_");
    return SECRET_WORD.matcher(normalized).find() || SECRET_PART.matcher(normalized).find();
  }

  /**
   * Remembers a value of the config that is secret (it came from {@code ${...}} or sits under a
   * secret key), so that {@link #mask} hides it wherever it appears, also URL-encoded. Kept for the
   * life of the JVM: a value of an earlier config is still worth hiding.
   *
   * @param value the value
   */
  public static void remember(String value) {
    remember(value, false);
  }

  /**
   * Remembers a value of the config that is secret, as {@link #remember(String)} does; a value
   * under a secret key is also remembered when it is short, and then masked where it stands as a
   * word of its own (see {@link #MIN_SECRET_WORD_LENGTH}).
   *
   * @param value the value
   * @param underSecretKey whether its key names a secret by {@link #isSecretKey}
   */
  public static void remember(String value, boolean underSecretKey) {
    if (value.length() < MIN_KNOWN_LENGTH) {
      if (underSecretKey
          && value.length() >= MIN_SECRET_WORD_LENGTH
          && KNOWN_WORDS.size() < MAX_KNOWN
          && KNOWN_WORDS.add(value)) {
        synchronized (KNOWN_WORDS) {
          knownWords = Pattern.compile(wordsRegex(Integer.MAX_VALUE));
        }
      }
      return;
    }
    if (KNOWN.size() >= MAX_KNOWN) {
      return;
    }
    String formEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    boolean added = KNOWN.add(value);
    added |= KNOWN.add(formEncoded);
    added |= KNOWN.add(formEncoded.replace("+", "%20"));
    if (added) {
      synchronized (KNOWN) {
        List<String> sorted = new ArrayList<>(KNOWN);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        knownLongestFirst = List.copyOf(sorted);
      }
    }
  }

  /**
   * A regular expression for a logging layout that replaces each match with {@code $1}{@value
   * #MASK}: the remembered values (at most {@code maxValues}, the longest first) and the password
   * of a URL, for log lines that the framework does not write itself (an exporter's own). The
   * framework's own messages go through {@link #mask}, which knows more.
   *
   * @param maxValues how many remembered values the expression holds at most
   * @return the expression; it matches nothing when there is nothing to hide but URL passwords
   */
  public static String logReplacementRegex(int maxValues) {
    StringBuilder regex = new StringBuilder("(://[^/\\s:@]*:)[^/\\s@]+(?=@)");
    List<String> known = knownLongestFirst;
    int i = 0;
    for (; i < known.size() && i < maxValues; i++) {
      regex.append('|').append(Pattern.quote(known.get(i)));
    }
    if (i < maxValues && !KNOWN_WORDS.isEmpty()) {
      regex.append('|').append(wordsRegex(maxValues - i));
    }
    return regex.toString();
  }

  /** The short secret values (at most {@code maxValues}) as whole words, longest first. */
  private static String wordsRegex(int maxValues) {
    List<String> words = new ArrayList<>(KNOWN_WORDS);
    words.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
    for (int i = 0; i < words.size() && i < maxValues; i++) {
      regex.append(i == 0 ? "" : "|").append(Pattern.quote(words.get(i)));
    }
    return regex.append(")(?![\\p{L}\\p{N}])").toString();
  }

  /**
   * A config value as shown in the config report or a config error: the remembered values and
   * what is a secret whatever the key (a URL's password, a PEM private key, a bearer token)
   * replaced by {@value #MASK}. Unlike {@link #mask}, {@code key: value} pairs inside it are left
   * alone: the value's own key decides, by {@link #isSecretKey}, and {@code ${VAR:?message}} is not
   * a pair.
   *
   * @param value the value as written or substituted
   * @return the value to show
   */
  public static String maskValue(String value) {
    String masked = maskKnown(value);
    for (Rule rule : RULES.subList(0, VALUE_RULES)) {
      masked = rule.pattern().matcher(masked).replaceAll(rule.replacement());
    }
    return masked;
  }

  private static String maskKnown(String text) {
    String masked = text;
    for (String known : knownLongestFirst) {
      if (masked.contains(known)) {
        masked = masked.replace(known, MASK);
      }
    }
    Pattern words = knownWords;
    if (words != null) {
      masked = words.matcher(masked).replaceAll(MASK);
    }
    return masked;
  }

  /**
   * The message with every secret it seems to hold replaced by {@value #MASK}.
   *
   * @param message a message, such as an exception's
   * @return the masked message
   */
  public static String mask(String message) {
    String masked = maskKnown(message);
    for (Rule rule : RULES) {
      masked = rule.pattern().matcher(masked).replaceAll(rule.replacement());
    }
    Matcher pair = KEY_VALUE.matcher(masked);
    StringBuilder result = null;
    int copied = 0;
    int from = 0;
    // A pair whose key is not secret may hold one that is in its value ("refused: password=x"):
    // the search goes on from that value's start, not from its end.
    while (from < masked.length() && pair.find(from)) {
      if (!pair.group(3).equals(MASK) && isSecretKey(pair.group(1))) {
        if (result == null) {
          result = new StringBuilder(masked.length());
        }
        result.append(masked, copied, pair.start(3)).append(MASK);
        copied = pair.end(3);
        from = pair.end(3);
      } else {
        from = pair.start(3);
      }
    }
    if (result == null) {
      return masked;
    }
    return result.append(masked, copied, masked.length()).toString();
  }

  /**
   * A failure as the log should show it: the failure itself when no message of it, its causes
   * or suppressed failures holds a secret; else a copy with every message masked, the same stack
   * traces and causes, and the original's class where that is a JDK class (else its nearest JDK
   * superclass, with the original's class name in front of the message). Logging backends print
   * the class of what they are given, so no class of the framework stands in for the original.
   *
   * @param failure what an exporter threw
   * @return what to log
   */
  public static Throwable masked(Throwable failure) {
    return MaskedFailures.masked(failure);
  }
}
