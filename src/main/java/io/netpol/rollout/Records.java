package io.netpol.rollout;

import io.netpol.store.NamespaceCounts;
import io.netpol.store.ObjectRecord;
import io.netpol.store.StepRecord;
import io.netpol.store.TrafficCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps the store's rows to the rollout's values and back. */
final class Records {
  private Records() {}

  static StepAttempt attempt(StepRecord r) {
    return new StepAttempt(
        r.stepId(),
        r.namespace(),
        r.stepIndex(),
        state(r.status()),
        StepMode.fromWireName(r.mode()) == null
            ? StepMode.ENFORCE
            : StepMode.fromWireName(r.mode()),
        r.startedAt(),
        r.appliedAt(),
        r.promotedAt(),
        r.soakUntil(),
        r.rolledBackAt(),
        new Traffic(r.totalBaseline(), r.deniedBaseline(), r.auditBaseline()),
        r.clusterBaseline(),
        r.forced());
  }

  static List<StepAttempt> attempts(List<StepRecord> rows) {
    return rows.stream().map(Records::attempt).toList();
  }

  private static StepAttempt.State state(String status) {
    switch (status) {
      case StepRecord.APPLYING:
        return StepAttempt.State.APPLYING;
      case StepRecord.STAGED:
        return StepAttempt.State.STAGED;
      case StepRecord.PROMOTING:
        return StepAttempt.State.PROMOTING;
      case StepRecord.APPLIED:
        return StepAttempt.State.ENFORCED;
      case StepRecord.ROLLED_BACK:
        return StepAttempt.State.ROLLED_BACK;
      default:
        throw new RolloutStateException(
            "the rollout state records a step in status \""
                + status
                + "\", which this netpol-rollout does not know; use a newer netpol-rollout");
    }
  }

  static ObjectChange change(ObjectRecord r) {
    PolicyKind kind = PolicyKind.of(r.kind());
    if (kind == null) {
      throw new RolloutStateException(
          "the rollout state records an object of kind "
              + r.kind()
              + ", which this netpol-rollout does not write; use a newer netpol-rollout");
    }
    return new ObjectChange(
        kind,
        r.name(),
        ObjectChange.Action.valueOf(r.action().toUpperCase(java.util.Locale.ROOT)),
        r.before(),
        r.after(),
        r.wrote(),
        r.done(),
        r.legacy());
  }

  static ObjectRecord row(ObjectChange c) {
    return new ObjectRecord(
        c.kind().kind(),
        c.name(),
        c.action().verb(),
        c.before(),
        c.after(),
        c.wrote(),
        c.done(),
        c.legacy());
  }

  static ClusterTraffic traffic(TrafficCounts.Totals t) {
    Map<String, Traffic> out = new HashMap<>();
    for (Map.Entry<String, NamespaceCounts> e : t.byNamespace().entrySet()) {
      NamespaceCounts c = e.getValue();
      out.put(e.getKey(), new Traffic(c.total(), c.denied(), c.audit()));
    }
    return new ClusterTraffic(out, t.total());
  }
}
