package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netpol.store.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Undoes active steps (applied, staged or interrupted), the latest first. Every step's {@link
 * RestorePlan} is made before anything is written; when one names a conflict (an object someone
 * changed since the step wrote it) or an invalid snapshot, nothing is written unless forced.
 */
public final class Rollback {

  /** The message when a rollback would overwrite someone's change; %s lists the objects. */
  static final String CONFLICTS =
      "refused to roll back, nothing was changed: %s; check what changed, then rerun with --force to"
          + " put the recorded state back over it";

  /** What rolling back one step did or would do. */
  public record Result(
      String namespace, String stepId, List<RestorePlan.Item> items, boolean dryRun) {}

  private final RolloutService service;
  private final RolloutPlan plan;

  Rollback(RolloutService service, RolloutPlan plan) {
    this.service = service;
    this.plan = plan;
  }

  List<Result> run(String namespace, boolean dryRun, boolean force, String why) {
    List<StepRecord> active = active();
    if (namespace != null) {
      active.removeIf(r -> !r.namespace().equals(namespace));
      if (active.isEmpty()) {
        throw new RolloutStateException(
            "nothing to roll back in "
                + namespace
                + ": no step of plan "
                + plan.name()
                + " is applied, staged or interrupted there");
      }
    }
    RolloutExecutor ex = service.executor.get();
    Map<StepRecord, RestorePlan> plans = new LinkedHashMap<>();
    for (int i = active.size() - 1; i >= 0; i--) {
      StepRecord r = active.get(i);
      List<ObjectChange> changes =
          service.state.objects(r.stepId()).stream().map(Records::change).toList();
      Set<PolicyKind> kinds = new LinkedHashSet<>();
      changes.forEach(c -> kinds.add(c.kind()));
      Map<RestorePlan.Key, GenericKubernetesResource> live = new HashMap<>();
      for (PolicyKind kind : kinds) {
        ex.live(kind, r.namespace())
            .forEach((name, o) -> live.put(new RestorePlan.Key(kind, name), o));
      }
      plans.put(r, RestorePlan.of(r.stepId(), r.namespace(), changes, live, force));
    }
    List<String> refused = new ArrayList<>();
    plans.forEach(
        (r, p) -> {
          for (RestorePlan.Item i : p.conflicts()) {
            if (!force || i.op() == RestorePlan.Op.INVALID) {
              refused.add(
                  i.kind().display() + " " + r.namespace() + "/" + i.name() + " " + i.conflict());
            }
          }
        });
    // Forced, conflicts are overwritten and invalid snapshots skipped (never written).
    if (!refused.isEmpty() && !dryRun && !force) {
      throw new RolloutStateException(String.format(CONFLICTS, String.join("; ", refused)));
    }
    List<Result> out = new ArrayList<>();
    for (Map.Entry<StepRecord, RestorePlan> e : plans.entrySet()) {
      StepRecord r = e.getKey();
      if (dryRun) {
        out.add(new Result(r.namespace(), r.stepId(), e.getValue().items(), true));
        continue;
      }
      StringBuilder detail = new StringBuilder(why);
      for (RestorePlan.Item item : e.getValue().items()) {
        ex.restore(r.namespace(), item);
        detail
            .append("; ")
            .append(item.op().verb())
            .append(' ')
            .append(item.kind().display())
            .append(' ')
            .append(item.name())
            .append(item.conflict() != null ? " (" + item.conflict() + ")" : "");
      }
      service.state.rolledBack(r, service.clock.millis(), service.actor(), detail.toString());
      out.add(new Result(r.namespace(), r.stepId(), e.getValue().items(), false));
    }
    return out;
  }

  /** Active (applied, staged or interrupted) steps in plan order: the latest attempt each. */
  private List<StepRecord> active() {
    Map<String, StepRecord> latest = new LinkedHashMap<>();
    for (StepRecord r : service.state.steps(plan.name())) {
      latest.put(r.namespace(), r);
    }
    List<StepRecord> out = new ArrayList<>();
    for (RolloutPlan.Step s : plan.steps()) {
      StepRecord r = latest.get(s.namespace());
      if (r != null && !StepRecord.ROLLED_BACK.equals(r.status())) {
        out.add(r);
      }
    }
    return out;
  }
}
