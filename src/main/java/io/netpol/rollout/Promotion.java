package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.store.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code promote}: a staged step's previewed policies become enforcing NetworkPolicies. The
 * NetworkPolicies are written from what the step staged (what the soak judged), not from the policy
 * files, and before any staged policy is removed, so the namespace is never without both.
 */
final class Promotion {
  private final RolloutService service;
  private final RolloutPlan plan;
  private final String namespace;

  Promotion(RolloutService service, RolloutPlan plan, String namespace) {
    this.service = service;
    this.plan = plan;
    this.namespace = namespace;
  }

  RolloutService.StepResult run(boolean dryRun, boolean force) {
    Decision decision = RolloutDecider.promote(plan, service.status(plan), namespace, force);
    if (!decision.go()) {
      return RolloutService.StepResult.refused(decision, dryRun);
    }
    StepRecord record = latest();
    List<ObjectChange> staged = new ArrayList<>();
    for (var row : service.state.objects(record.stepId())) {
      ObjectChange c = Records.change(row);
      if (c.kind() == PolicyKind.STAGED_NETWORK_POLICY && c.after() != null) {
        staged.add(c);
      }
    }
    List<NetworkPolicy> enforcing =
        staged.stream().map(c -> PolicyContent.enforcing(PolicyContent.parse(c.after()))).toList();
    RolloutService.Checked checked =
        service.check(
            plan, namespace, enforcing, service.replayedAtPromote(namespace), record.stepId());
    List<String> problems = new ArrayList<>(checked.problems());
    List<String> notes = new ArrayList<>(checked.enforced().notes());
    Map<String, GenericKubernetesResource> liveStaged =
        service.executor.get().live(PolicyKind.STAGED_NETWORK_POLICY, namespace);
    List<ApplyPlan.Write> removals = new ArrayList<>();
    for (ObjectChange c : staged) {
      GenericKubernetesResource live = liveStaged.get(c.name());
      if (live == null) {
        notes.add(
            PolicyKind.STAGED_NETWORK_POLICY.display()
                + " "
                + namespace
                + "/"
                + c.name()
                + " is gone already; someone removed it since it was staged");
      } else if (!PolicyContent.same(PolicyContent.json(live), c.after()) && !force) {
        problems.add(
            "conflict: "
                + PolicyKind.STAGED_NETWORK_POLICY.display()
                + " "
                + namespace
                + "/"
                + c.name()
                + " was changed by someone since the step staged it; the soak judged the staged"
                + " version: roll back and stage again, or rerun with --force to enforce what was"
                + " staged and remove the changed object");
      } else {
        removals.add(
            new ApplyPlan.Write(
                PolicyKind.STAGED_NETWORK_POLICY,
                c.name(),
                ObjectChange.Action.DELETE,
                PolicyContent.json(live),
                live.getMetadata().getResourceVersion(),
                null));
      }
    }
    List<ApplyPlan.Write> writes = new ArrayList<>(checked.enforced().writes());
    writes.addAll(removals);
    long now = service.clock.millis();
    if (!problems.isEmpty() || dryRun) {
      if (!dryRun) {
        service.state.audit(
            now, service.actor(), plan.name(), namespace, "refused", String.join("; ", problems));
      }
      return new RolloutService.StepResult(
          decision, problems, writes, notes, record.stepId(), dryRun);
    }
    List<io.netpol.store.ObjectRecord> rows = new ArrayList<>();
    for (ApplyPlan.Write w : checked.enforced().writes()) {
      rows.add(Records.row(w.change()));
    }
    for (ApplyPlan.Write w : removals) {
      ObjectChange was =
          staged.stream().filter(c -> c.name().equals(w.name())).findFirst().orElseThrow();
      // Keeps what the staged phase recorded as before; only the intended result changes.
      rows.add(
          Records.row(
              new ObjectChange(
                  w.kind(),
                  w.name(),
                  ObjectChange.Action.DELETE,
                  was.before(),
                  null,
                  was.wrote(),
                  false,
                  was.legacy())));
    }
    service.state.beginPromote(
        record,
        rows,
        now,
        service.actor(),
        (decision.forced() ? "forced past: " + String.join("; ", decision.refusals()) + "; " : "")
            + RolloutService.describe(writes));
    RolloutExecutor ex = service.executor.get();
    // Enforcing policies first, staged ones removed last: never neither.
    StepWrites.run(ex, service.state, record.stepId(), namespace, checked.enforced().writes());
    StepWrites.run(ex, service.state, record.stepId(), namespace, removals);
    ClusterTraffic counted = service.trafficNow();
    Traffic base = counted.namespace(namespace);
    long at = service.clock.millis();
    RolloutPlan.Step step = decision.step();
    service.state.promoted(
        record,
        at,
        at + step.soak().toMillis(),
        base.total(),
        base.denied(),
        base.audit(),
        counted.total(),
        service.actor(),
        writes.size() + " writes; enforced soak " + Durations.format(step.soak()));
    return new RolloutService.StepResult(
        decision, List.of(), writes, notes, record.stepId(), false);
  }

  private StepRecord latest() {
    StepRecord latest = null;
    for (StepRecord r : service.state.steps(plan.name())) {
      if (r.namespace().equals(namespace)) {
        latest = r;
      }
    }
    return latest;
  }
}
