package io.netpol.report;

import io.netpol.policy.AfterState;
import io.netpol.policy.Direction;
import io.netpol.policy.Ownership;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.Replay;
import io.netpol.policy.SideStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The words for what applying a proposal changes, the same in {@code diff} and in the report: where
 * a policy of the after-state comes from, which policies decide a changed connection, and why a
 * policy the tool does not own stays. Names from flows and policies go through {@code name}, which
 * makes them safe for the output at hand (as they are for text, inline code for Markdown).
 */
public final class ChangeText {
  private ChangeText() {}

  /** How a policy's origin reads: {@code proposed}, {@code kept, not owned}; null for none. */
  public static String origin(AfterState.Origin origin) {
    if (origin == null) {
      return null;
    }
    return switch (origin) {
      case PROPOSED -> "proposed";
      case KEPT_NOT_OWNED -> "kept, not owned";
      case UNTOUCHED -> "outside the compared namespaces";
    };
  }

  /** "egress at CLIENT" or "ingress at SERVER". */
  public static String where(Replay.Change c, Direction direction, UnaryOperator<String> name) {
    return direction == Direction.EGRESS
        ? "egress at " + name.apply(c.connection().client().display())
        : "ingress at " + name.apply(c.connection().server().display());
  }

  /**
   * What decides each changed side afterwards, with where the policies come from: {@code egress at
   * a/b (isolated by x (proposed), y (kept, not owned))}.
   */
  public static List<String> decidedBy(Replay.Change c, UnaryOperator<String> name) {
    List<String> out = new ArrayList<>();
    for (Replay.Side side : c.decidedBy()) {
      List<String> names = new ArrayList<>();
      for (Replay.Decider d : side.deciders()) {
        String origin = origin(d.origin());
        names.add(
            name.apply(d.policy().toString())
                + (d.rule() == null ? "" : " " + d.rule())
                + (origin == null ? "" : " (" + origin + ")"));
      }
      String how =
          side.status() == SideStatus.DENIED
              ? "isolated by " + String.join(", ", names)
              : side.status() == SideStatus.ALLOWED_BY_POLICY
                  ? "allowed by " + String.join(", ", names)
                  : "no policy isolates it any more";
      out.add(where(c, side.direction(), name) + " (" + how + ")");
    }
    return out;
  }

  /** A kept policy in words: owner and what it shares with the proposal. */
  public static String kept(PolicyDiff.Kept k, UnaryOperator<String> name) {
    StringBuilder s = new StringBuilder(name.apply(k.policy().toString()));
    if (k.owner() == null) {
      s.append(" (no managed-by label)");
    } else if (Ownership.OWNER.equals(k.owner())) {
      s.append(" (")
          .append(
              Ownership.unrecorded(
                  k.step() == null ? null : name.apply(k.step()), "of a recorded rollout"))
          .append(")");
    } else {
      s.append(" (managed by ").append(name.apply(k.owner())).append(")");
    }
    if (k.sameName()) {
      s.append(": CONFLICT: a proposed policy has the same name; netpol-rollout refuses ")
          .append(name.apply(k.policy().namespace()))
          .append(" until one of them is renamed or removed");
    } else if (!k.sharedWorkloads().isEmpty()) {
      s.append(": selects pods the proposal also selects (")
          .append(String.join(", ", k.sharedWorkloads().stream().map(name).toList()))
          .append("); review how both together allow traffic");
    } else if (k.sharesSelector()) {
      s.append(": its podSelector overlaps the proposal's; review how both together allow traffic");
    }
    return s.toString();
  }
}
