package io.netpol.rollout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * The gates of one step, all measured on connections touching the namespace since the step (or,
 * after {@code promote}, its enforced phase) began.
 *
 * @param maxDeniedConnections at most this many denied connections; null when the plan gates on the
 *     rate only
 * @param maxDeniedRate at most this fraction of the connections denied (0.001 for {@code 0.1%});
 *     null when the plan sets no rate gate. In a staged phase the would-be denies (audit) count as
 *     denied.
 * @param minConnections below this many connections the rate gate has not enough traffic to decide
 * @param maxAuditDenied at most this many audit connections (would-be denies); a staged phase gates
 *     on them always (0 when null), an enforced phase only when the plan sets it (the Cilium route:
 *     agent-wide policyAuditMode turns the enforced policies' drops into AUDIT verdicts); when set,
 *     audit connections also count as denied in the rate
 */
public record GateLimits(
    Long maxDeniedConnections, BigDecimal maxDeniedRate, long minConnections, Long maxAuditDenied) {

  private static final Pattern PERCENT = Pattern.compile("^(\\d{1,3})(\\.\\d{1,6})?%$");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** No denied connection, no rate gate, no audit deny. */
  public static final GateLimits STRICT = new GateLimits(0L, null, 0, null);

  /** A percentage as plans write it ({@code 0.1%}, {@code 2%}) as a fraction; null if not one. */
  public static BigDecimal parseRate(String text) {
    if (text == null || !PERCENT.matcher(text.trim()).matches()) {
      return null;
    }
    String t = text.trim();
    BigDecimal percent = new BigDecimal(t.substring(0, t.length() - 1));
    if (percent.compareTo(HUNDRED) > 0) {
      return null;
    }
    return percent.divide(HUNDRED);
  }

  /** A fraction as a percentage for output: 0.001 as {@code 0.1%}. */
  public static String percent(BigDecimal fraction) {
    return fraction.multiply(HUNDRED).stripTrailingZeros().toPlainString() + "%";
  }

  /** {@code part} of {@code whole} as a percentage with up to three decimals. */
  public static String percent(long part, long whole) {
    if (whole == 0) {
      return "-";
    }
    return BigDecimal.valueOf(part)
            .multiply(HUNDRED)
            .divide(BigDecimal.valueOf(whole), 3, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** Whether {@code denied} of {@code total} stays at or under the rate (exact arithmetic). */
  public boolean rateHolds(long denied, long total) {
    return BigDecimal.valueOf(denied).compareTo(maxDeniedRate.multiply(BigDecimal.valueOf(total)))
        <= 0;
  }
}
