package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.kube.ClusterReader;
import io.netpol.store.RolloutStore;
import io.netpol.store.StepRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the rollout: decides with {@link RolloutDecider}, checks with {@link Preflight}, records in
 * the store and acts through {@link RolloutExecutor}. The store is written before the cluster is
 * touched (snapshot and planned actions) and after every action, so an interruption at any point
 * leaves a state {@link #rollback} can restore exactly.
 */
public final class RolloutService {

  /** What {@code next} did or would do. */
  public record NextResult(
      Decision decision,
      List<String> problems,
      Map<String, String> actions,
      String stepId,
      boolean dryRun) {
    public boolean applied() {
      return decision.go() && problems.isEmpty() && !dryRun;
    }
  }

  /** What rolling back one step did or would do, by policy name. */
  public record RollbackResult(
      String namespace, String stepId, Map<String, String> restored, boolean dryRun) {}

  /** The gates now, and the steps rolled back because of them. */
  public record VerifyResult(List<StepStatus> statuses, List<RollbackResult> rolledBack) {
    public boolean healthy() {
      return statuses.stream().noneMatch(s -> s.phase() == StepStatus.Phase.FAILING);
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

  private final RolloutStore state;
  private final Supplier<List<ObservedConnection>> connections;
  private final Supplier<RolloutExecutor> executor;
  private final Supplier<ClusterReader> cluster;
  private final Clock clock;
  private final String actor;

  public RolloutService(
      RolloutStore state,
      Supplier<List<ObservedConnection>> connections,
      Supplier<RolloutExecutor> executor,
      Supplier<ClusterReader> cluster,
      Clock clock,
      String actor) {
    this.state = state;
    this.connections = connections;
    this.executor = executor;
    this.cluster = cluster;
    this.clock = clock;
    this.actor = actor;
  }

  public List<StepStatus> status(RolloutPlan plan) {
    Map<String, Long> denied = new HashMap<>();
    for (RolloutPlan.Step s : plan.steps()) {
      denied.put(s.namespace(), state.deniedTouching(s.namespace()));
    }
    return RolloutDecider.status(plan, state.steps(plan.name()), denied, clock.instant());
  }

  /**
   * Starts the step of {@code namespace} if the plan, the gates and the pre-flight checks allow it.
   */
  public NextResult next(
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
            return new NextResult(decision, List.of(), Map.of(), null, dryRun);
          }
          List<NetworkPolicy> proposal = new ArrayList<>();
          for (NetworkPolicy p : proposalAll) {
            if (namespace.equals(p.getMetadata().getNamespace())) {
              proposal.add(p);
            }
          }
          ClusterReader reader = cluster.get();
          Map<String, Map<String, String>> namespaces = reader.namespaceLabels();
          List<NetworkPolicy> live =
              namespaces.containsKey(namespace) ? reader.policies(List.of()) : List.of();
          List<Map<String, String>> pods = new ArrayList<>();
          if (namespaces.containsKey(namespace)) {
            for (Pod pod : reader.pods(namespace)) {
              pods.add(
                  pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
            }
          }
          List<String> problems =
              Preflight.check(
                  new Preflight.Inputs(
                      namespace, proposal, live, namespaces, pods, connections.get()));
          RolloutExecutor ex = executor.get();
          Map<String, NetworkPolicy> liveHere =
              namespaces.containsKey(namespace) ? ex.live(namespace) : Map.of();
          Map<String, String> actions = RolloutExecutor.actions(proposal, liveHere);
          Instant now = clock.instant();
          long attempt =
              state.steps(plan.name()).stream().filter(r -> r.namespace().equals(namespace)).count()
                  + 1;
          String stepId =
              plan.name()
                  + "."
                  + namespace
                  + "."
                  + STEP_TIME.format(now)
                  + (attempt > 1 ? "." + attempt : "");
          if (!problems.isEmpty() || dryRun) {
            if (!problems.isEmpty() && !dryRun) {
              state.audit(
                  now.toEpochMilli(),
                  actor,
                  plan.name(),
                  namespace,
                  "refused",
                  String.join("; ", problems));
            }
            return new NextResult(decision, problems, actions, stepId, dryRun);
          }
          RolloutPlan.Step step = decision.step();
          StepRecord record =
              new StepRecord(
                  stepId,
                  plan.name(),
                  namespace,
                  step.index(),
                  StepRecord.APPLYING,
                  now.toEpochMilli(),
                  null,
                  null,
                  null,
                  state.deniedTouching(namespace),
                  decision.forced());
          state.begin(
              record,
              RolloutExecutor.snapshot(liveHere),
              actions,
              actor,
              (decision.forced()
                      ? "forced past: " + String.join("; ", decision.refusals()) + "; "
                      : "")
                  + "snapshot of "
                  + liveHere.size()
                  + " policies; actions "
                  + actions);
          ex.apply(
              stepId,
              namespace,
              proposal,
              actions,
              (name, action) -> state.actionDone(stepId, name));
          long appliedAt = clock.millis();
          state.applied(
              record,
              appliedAt,
              appliedAt + step.soak().toMillis(),
              actor,
              actions.size() + " policies " + actions + "; soak " + Durations.format(step.soak()));
          return new NextResult(decision, List.of(), actions, stepId, false);
        });
  }

  /** Restores the namespace's latest active step (or every active step, last first, when null). */
  public List<RollbackResult> rollback(
      RolloutPlan plan, String namespace, boolean dryRun, boolean breakLock) {
    return locked(
        plan,
        breakLock,
        dryRun,
        () -> rollbackLocked(plan, namespace, dryRun, "rollback requested"));
  }

  private List<RollbackResult> rollbackLocked(
      RolloutPlan plan, String namespace, boolean dryRun, String why) {
    List<StepRecord> active = activeSteps(plan);
    List<RollbackResult> out = new ArrayList<>();
    if (namespace != null) {
      active.removeIf(r -> !r.namespace().equals(namespace));
      if (active.isEmpty()) {
        throw new RolloutStateException(
            "nothing to roll back in "
                + namespace
                + ": no step of plan "
                + plan.name()
                + " is applied or interrupted there");
      }
    }
    RolloutExecutor ex = executor.get();
    for (int i = active.size() - 1; i >= 0; i--) {
      StepRecord r = active.get(i);
      Map<String, String> snapshot = state.snapshot(r.stepId());
      Map<String, String> actions = state.actions(r.stepId());
      if (dryRun) {
        out.add(
            new RollbackResult(
                r.namespace(),
                r.stepId(),
                ex.previewRestore(r.stepId(), r.namespace(), snapshot, actions),
                true));
        continue;
      }
      Map<String, String> restored = new LinkedHashMap<>();
      ex.restore(r.stepId(), r.namespace(), snapshot, actions, restored::put);
      state.rolledBack(r, clock.millis(), actor, why + "; " + restored);
      out.add(new RollbackResult(r.namespace(), r.stepId(), restored, false));
    }
    return out;
  }

  /** Active (applied or interrupted) steps in plan order: the latest attempt per namespace. */
  private List<StepRecord> activeSteps(RolloutPlan plan) {
    Map<String, StepRecord> latest = new LinkedHashMap<>();
    for (StepRecord r : state.steps(plan.name())) {
      latest.put(r.namespace(), r);
    }
    List<StepRecord> out = new ArrayList<>();
    for (RolloutPlan.Step s : plan.steps()) {
      StepRecord r = latest.get(s.namespace());
      if (r != null && r.isActive()) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Evaluates the gates now; with {@code rollbackOnFail}, rolls back every step whose gate fails.
   */
  public VerifyResult verify(RolloutPlan plan, boolean rollbackOnFail, boolean breakLock) {
    List<StepStatus> statuses = status(plan);
    List<RollbackResult> rolledBack = new ArrayList<>();
    if (rollbackOnFail && statuses.stream().anyMatch(s -> s.phase() == StepStatus.Phase.FAILING)) {
      locked(
          plan,
          breakLock,
          false,
          () -> {
            for (int i = statuses.size() - 1; i >= 0; i--) {
              StepStatus s = statuses.get(i);
              if (s.phase() == StepStatus.Phase.FAILING) {
                rolledBack.addAll(
                    rollbackLocked(
                        plan,
                        s.step().namespace(),
                        false,
                        "gate failed: "
                            + s.deniedSince()
                            + " denied connections > "
                            + s.step().maxDeniedConnections()));
              }
            }
            return null;
          });
    }
    return new VerifyResult(statuses, rolledBack);
  }

  private <T> T locked(RolloutPlan plan, boolean breakLock, boolean readOnly, Supplier<T> work) {
    if (readOnly) {
      return work.get();
    }
    long pid = ProcessHandle.current().pid();
    Optional<RolloutStore.LockHolder> holder =
        state.lock(plan.name(), actor, host(), pid, clock.millis(), breakLock);
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
