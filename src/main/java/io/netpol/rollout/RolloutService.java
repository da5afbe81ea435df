package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.kube.ClusterReader;
import io.netpol.store.RolloutStore;
import io.netpol.store.StepRecord;
import io.netpol.store.TrafficCounts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the rollout: decides with {@link RolloutDecider}, checks with {@link Preflight} and {@link
 * ApplyPlan}, records in the state and acts through {@link RolloutExecutor}. The state is written
 * before the cluster is touched (every object as it is and as it will be) and after every write, so
 * an interruption at any point leaves a state {@link #rollback} can restore exactly.
 */
public final class RolloutService {

  /** What {@code next} or {@code promote} did or would do. */
  public record StepResult(
      Decision decision,
      List<String> problems,
      List<ApplyPlan.Write> writes,
      List<String> notes,
      String stepId,
      boolean dryRun) {
    public boolean applied() {
      return decision.go() && problems.isEmpty() && !dryRun;
    }

    static StepResult refused(Decision d, boolean dryRun) {
      return new StepResult(d, List.of(), List.of(), List.of(), null, dryRun);
    }
  }

  /** Thrown when another rollout holds the lock. */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
      super(message);
    }
  }

  private static final DateTimeFormatter STEP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final RolloutStore state;
  private final Supplier<TrafficCounts.Totals> traffic;
  private final StoredConnections connections;
  final Supplier<RolloutExecutor> executor;
  private final Supplier<ClusterReader> cluster;
  final Clock clock;
  private final Supplier<String> actor;

  /**
   * @param state where steps, objects, the lock and the audit log are kept
   * @param traffic connections counted so far (the gates)
   * @param connections the stored connections, per namespace (the pre-flight replay)
   * @param actor who the audit log names; asked only when something is written
   */
  public RolloutService(
      RolloutStore state,
      Supplier<TrafficCounts.Totals> traffic,
      StoredConnections connections,
      Supplier<RolloutExecutor> executor,
      Supplier<ClusterReader> cluster,
      Clock clock,
      Supplier<String> actor) {
    this.state = state;
    this.traffic = traffic;
    this.connections = connections;
    this.executor = executor;
    this.cluster = cluster;
    this.clock = clock;
    this.actor = actor;
  }

  /** Every attempt of the plan's steps, oldest first. */
  public List<StepAttempt> attempts(RolloutPlan plan) {
    return Records.attempts(state.steps(plan.name()));
  }

  public List<StepStatus> status(RolloutPlan plan) {
    return RolloutDecider.status(plan, attempts(plan), trafficNow(), clock.instant());
  }

  String actor() {
    return actor.get();
  }

  ClusterTraffic trafficNow() {
    return Records.traffic(traffic.get());
  }

  /**
   * Starts the step of {@code namespace} if the plan, the gates and the pre-flight checks allow it:
   * a staged step writes staged policies, an enforcing one NetworkPolicies.
   */
  public StepResult next(
      RolloutPlan plan,
      String namespace,
      List<NetworkPolicy> proposalAll,
      boolean dryRun,
      boolean force,
      boolean breakLock) {
    return locked(
        plan,
        breakLock,
        dryRun,
        () -> {
          Decision decision = RolloutDecider.next(plan, status(plan), namespace, force);
          if (!decision.go()) {
            return StepResult.refused(decision, dryRun);
          }
          RolloutPlan.Step step = decision.step();
          List<NetworkPolicy> proposal =
              proposalAll.stream()
                  .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
                  .toList();
          Instant now = clock.instant();
          String stepId = stepId(plan, namespace, now);
          Checked checked =
              check(plan, namespace, proposal, connections.touching(namespace), stepId);
          ApplyPlan enforced = checked.enforced();
          List<String> problems = new ArrayList<>(checked.problems());
          List<String> notes = new ArrayList<>(enforced.notes());
          ApplyPlan applying = enforced;
          if (step.mode() == StepMode.STAGED) {
            Map<String, GenericKubernetesResource> liveStaged =
                checked.exists()
                    ? executor.get().live(PolicyKind.STAGED_NETWORK_POLICY, namespace)
                    : Map.of();
            applying =
                ApplyPlan.of(
                    PolicyKind.STAGED_NETWORK_POLICY,
                    plan.name(),
                    namespace,
                    stepId,
                    proposal.stream()
                        .map(p -> PolicyContent.as(p, PolicyKind.STAGED_NETWORK_POLICY))
                        .toList(),
                    liveStaged,
                    stepIds(plan));
            problems.addAll(applying.conflicts());
            notes.addAll(applying.notes());
          }
          if (!problems.isEmpty() || dryRun) {
            if (!dryRun) {
              state.audit(
                  now.toEpochMilli(),
                  actor(),
                  plan.name(),
                  namespace,
                  "refused",
                  String.join("; ", problems));
            }
            return new StepResult(decision, problems, applying.writes(), notes, stepId, dryRun);
          }
          ClusterTraffic counted = trafficNow();
          Traffic base = counted.namespace(namespace);
          StepRecord record =
              new StepRecord(
                  stepId,
                  plan.name(),
                  namespace,
                  step.index(),
                  StepRecord.APPLYING,
                  step.mode().wireName(),
                  now.toEpochMilli(),
                  null,
                  null,
                  null,
                  null,
                  base.total(),
                  base.denied(),
                  base.audit(),
                  counted.total(),
                  decision.forced());
          state.begin(
              record,
              StepWrites.rows(applying.writes()),
              actor(),
              (decision.forced()
                      ? "forced past: " + String.join("; ", decision.refusals()) + "; "
                      : "")
                  + step.mode().wireName()
                  + "; "
                  + describe(applying.writes()));
          StepWrites.run(executor.get(), state, stepId, namespace, applying.writes());
          long appliedAt = clock.millis();
          state.applied(
              record,
              step.mode() == StepMode.STAGED ? StepRecord.STAGED : StepRecord.APPLIED,
              appliedAt,
              appliedAt + step.soak().toMillis(),
              actor(),
              applying.writes().size()
                  + " "
                  + (step.mode() == StepMode.STAGED ? "staged " : "")
                  + "policies written; soak "
                  + Durations.format(step.soak()));
          return new StepResult(decision, List.of(), applying.writes(), notes, stepId, false);
        });
  }

  /**
   * Replaces a staged step's staged policies with the enforcing NetworkPolicies they previewed,
   * creating the NetworkPolicies before removing the staged ones, and starts the enforced soak.
   */
  public StepResult promote(
      RolloutPlan plan, String namespace, boolean dryRun, boolean force, boolean breakLock) {
    return locked(
        plan, breakLock, dryRun, () -> new Promotion(this, plan, namespace).run(dryRun, force));
  }

  /** What the pre-flight checks found, and what writing the NetworkPolicies would do. */
  record Checked(boolean exists, List<String> problems, ApplyPlan enforced) {}

  /**
   * The pre-flight checks of {@code proposal} (NetworkPolicies of {@code namespace}) and the plan
   * for writing them as NetworkPolicies, whose conflicts are problems too.
   */
  Checked check(
      RolloutPlan plan,
      String namespace,
      List<NetworkPolicy> proposal,
      List<ObservedConnection> replayed,
      String stepId) {
    ClusterReader reader = cluster.get();
    Map<String, Map<String, String>> namespaces = reader.namespaceLabels();
    boolean exists = namespaces.containsKey(namespace);
    Map<String, GenericKubernetesResource> liveHere =
        exists ? executor.get().live(PolicyKind.NETWORK_POLICY, namespace) : Map.of();
    Set<String> steps = stepIds(plan);
    steps.add(stepId);
    ApplyPlan enforced =
        ApplyPlan.of(
            PolicyKind.NETWORK_POLICY,
            plan.name(),
            namespace,
            stepId,
            proposal.stream().map(p -> PolicyContent.as(p, PolicyKind.NETWORK_POLICY)).toList(),
            liveHere,
            steps);
    Set<String> proposed = new HashSet<>();
    proposal.forEach(p -> proposed.add(p.getMetadata().getName()));
    // A same-named policy in the way is a conflict already; the replay judges the proposal alone.
    // Only the namespaces the replay needs are listed: the step's and those its traffic reaches.
    List<NetworkPolicy> live =
        exists
            ? reader.policies(Preflight.reached(namespace, replayed)).stream()
                .filter(
                    p ->
                        !(namespace.equals(p.getMetadata().getNamespace())
                            && proposed.contains(p.getMetadata().getName())))
                .toList()
            : List.of();
    List<Map<String, String>> pods = new ArrayList<>();
    if (exists) {
      for (Pod pod : reader.pods(namespace)) {
        pods.add(pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
      }
    }
    List<String> problems =
        new ArrayList<>(
            Preflight.check(
                new Preflight.Inputs(
                    namespace,
                    proposal,
                    live,
                    namespaces,
                    pods,
                    replayed,
                    connections.none(),
                    stepIds(plan))));
    if (exists) {
      problems.addAll(enforced.conflicts());
    }
    return new Checked(exists, problems, enforced);
  }

  /**
   * The stored connections of {@code namespace} the promote replay uses: audit ones are what the
   * staged gate judged.
   */
  List<ObservedConnection> replayedAtPromote(String namespace) {
    return connections.touching(namespace).stream()
        .filter(c -> c.verdict() != Verdict.AUDIT)
        .toList();
  }

  /** Every step id of the plan the state records: what ownership is proven with. */
  Set<String> stepIds(RolloutPlan plan) {
    Set<String> out = new HashSet<>();
    state.steps(plan.name()).forEach(r -> out.add(r.stepId()));
    return out;
  }

  private String stepId(RolloutPlan plan, String namespace, Instant now) {
    long attempt =
        state.steps(plan.name()).stream().filter(r -> r.namespace().equals(namespace)).count() + 1;
    return plan.name()
        + "."
        + namespace
        + "."
        + STEP_TIME.format(now)
        + (attempt > 1 ? "." + attempt : "");
  }

  static String describe(List<ApplyPlan.Write> writes) {
    StringBuilder out = new StringBuilder();
    for (ApplyPlan.Write w : StepWrites.ordered(writes)) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(w.action().verb())
          .append(' ')
          .append(w.kind().display())
          .append(' ')
          .append(w.name());
    }
    return out.length() == 0 ? "nothing to write" : out.toString();
  }

  /** Restores the namespace's latest active step (or every active step, last first, when null). */
  public List<Rollback.Result> rollback(
      RolloutPlan plan, String namespace, boolean dryRun, boolean force, boolean breakLock) {
    return locked(
        plan,
        breakLock,
        dryRun,
        () -> new Rollback(this, plan).run(namespace, dryRun, force, "rollback requested"));
  }

  /** The gates now, and the steps rolled back (or that would be) because one fails. */
  public record VerifyResult(
      List<StepStatus> statuses, List<Rollback.Result> rolledBack, boolean dryRun) {
    /** No gate fails, none lacks evidence, nothing is interrupted. */
    public boolean healthy() {
      return statuses.stream()
          .noneMatch(
              s ->
                  s.phase() == StepStatus.Phase.FAILING
                      || s.phase() == StepStatus.Phase.NO_EVIDENCE
                      || s.phase() == StepStatus.Phase.INTERRUPTED);
    }

    /** A gate fails: what a watch stops for. */
    public boolean breached() {
      return statuses.stream().anyMatch(s -> s.phase() == StepStatus.Phase.FAILING);
    }

    /** Some step is applied, staged or interrupted: there is something to verify. */
    public boolean anythingApplied() {
      return statuses.stream()
          .anyMatch(s -> s.isApplied() || s.phase() == StepStatus.Phase.INTERRUPTED);
    }
  }

  /**
   * Evaluates the gates now; with {@code rollbackOnFail}, rolls back every step whose gate fails
   * (with {@code dryRun}, says what it would roll back). A step without evidence fails verify but
   * is not rolled back: no data is not a breach, and the fix is to get flows flowing again.
   */
  public VerifyResult verify(
      RolloutPlan plan, boolean rollbackOnFail, boolean dryRun, boolean breakLock) {
    List<StepStatus> statuses = status(plan);
    List<Rollback.Result> rolledBack = new ArrayList<>();
    boolean failing = statuses.stream().anyMatch(s -> s.phase() == StepStatus.Phase.FAILING);
    if (rollbackOnFail && failing) {
      locked(
          plan,
          breakLock,
          dryRun,
          () -> {
            Rollback rollback = new Rollback(this, plan);
            for (int i = statuses.size() - 1; i >= 0; i--) {
              StepStatus s = statuses.get(i);
              if (s.phase() == StepStatus.Phase.FAILING) {
                rolledBack.addAll(
                    rollback.run(
                        s.step().namespace(),
                        dryRun,
                        false,
                        "gate failed: " + s.gates().describe(GateCheck.Outcome.FAIL)));
              }
            }
            return null;
          });
    }
    return new VerifyResult(statuses, rolledBack, dryRun);
  }

  <T> T locked(RolloutPlan plan, boolean breakLock, boolean readOnly, Supplier<T> work) {
    if (readOnly) {
      return work.get();
    }
    long pid = ProcessHandle.current().pid();
    java.util.Optional<RolloutStore.LockHolder> holder =
        state.lock(plan.name(), actor(), host(), pid, clock.millis(), breakLock);
    if (holder.isPresent()) {
      RolloutStore.LockHolder h = holder.get();
      throw new LockedException(
          "another rollout of plan "
              + plan.name()
              + " is running: locked by "
              + h.holder()
              + " (pid "
              + h.pid()
              + " on "
              + h.host()
              + ") since "
              + Instant.ofEpochMilli(h.acquiredAt())
              + "; wait for it, or if it is gone rerun with --break-lock");
    }
    try {
      return work.get();
    } finally {
      state.unlock(plan.name(), pid);
    }
  }

  public static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
