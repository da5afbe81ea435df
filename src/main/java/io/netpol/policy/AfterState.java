package io.netpol.policy;

import io.netpol.flow.ObservedConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The policies a cluster holds after {@code netpol-rollout next} has applied a proposal to some
 * namespaces, computed without touching the cluster. In each of those namespaces the policies the
 * tool owns ({@link Ownership}) are created, updated or deleted to match the proposal, and the
 * policies it does not own stay as they are. A proposed policy whose name a policy the tool does
 * not own already has is a conflict: the rollout refuses that namespace, and the existing policy
 * stays. Namespaces outside the scope stay as they are. Pure.
 *
 * <p>This one function serves {@code diff}, {@code explain --proposed} and the rollout's pre-flight
 * replay, so the three cannot disagree about what applying would do.
 */
public final class AfterState {

  /** What applying does to one policy of a namespace in scope. */
  public enum Action {
    /** Proposed, and no policy of that name exists: created. */
    CREATE,
    /** Proposed, and the tool owns the existing policy of that name: updated. */
    UPDATE,
    /** Owned by the tool and no longer proposed: deleted. */
    DELETE,
    /** Not owned by the tool and not proposed: stays as it is. */
    KEEP,
    /** Not owned by the tool, and a proposed policy has its name: the rollout refuses. */
    CONFLICT
  }

  /** Where a policy of the after-state comes from. */
  public enum Origin {
    /** Written by the rollout from the proposal. */
    PROPOSED,
    /** In a namespace the proposal covers, not owned by the tool: it stays. */
    KEPT_NOT_OWNED,
    /** In a namespace the proposal does not cover: nothing touches it. */
    UNTOUCHED
  }

  /**
   * One policy of a namespace in scope.
   *
   * @param deployed the policy there now, or {@code null}
   * @param proposed the proposed policy of that name, or {@code null}
   */
  public record Entry(PolicyRef ref, Action action, Policy deployed, Policy proposed) {
    /** The deployed policy's managed-by label, or {@code null}. */
    public String owner() {
      return deployed == null ? null : deployed.owner();
    }

    /** True when the policy is there after applying and comes from the proposal. */
    public boolean applied() {
      return action == Action.CREATE || action == Action.UPDATE;
    }

    /** True when the deployed policy is there after applying, unchanged. */
    public boolean stays() {
      return action == Action.KEEP || action == Action.CONFLICT;
    }
  }

  private final SortedSet<String> namespaces;
  private final List<Policy> deployed;
  private final List<Entry> entries;
  private final Map<PolicyRef, Entry> byRef;
  private final List<Policy> untouched;

  private AfterState(
      SortedSet<String> namespaces,
      List<Policy> deployed,
      List<Entry> entries,
      List<Policy> untouched) {
    this.namespaces = Collections.unmodifiableSortedSet(namespaces);
    this.deployed = List.copyOf(deployed);
    this.entries = List.copyOf(entries);
    this.untouched = List.copyOf(untouched);
    this.byRef = new HashMap<>();
    entries.forEach(e -> byRef.put(e.ref(), e));
  }

  /**
   * Applies {@code proposal} to {@code deployed} in {@code namespaces}.
   *
   * @param namespaces the namespaces the rollout would touch; empty means every namespace the
   *     proposal has a policy in. Proposed policies in other namespaces are left out.
   * @param deployed the policies there now (all of them, or at least those of the namespaces that
   *     matter to the caller)
   * @param proposal the proposed policies
   * @param recordedSteps every rollout step the store records: a deployed policy is the tool's
   *     (updated or deleted) only when one of them wrote it ({@link Ownership})
   */
  public static AfterState of(
      Collection<String> namespaces,
      List<Policy> deployed,
      List<Policy> proposal,
      Set<String> recordedSteps) {
    SortedSet<String> scope = new TreeSet<>(namespaces);
    if (scope.isEmpty()) {
      proposal.forEach(p -> scope.add(p.ref().namespace()));
    }
    Map<PolicyRef, Policy> now = new TreeMap<>();
    List<Policy> untouched = new ArrayList<>();
    for (Policy p : deployed) {
      if (scope.contains(p.ref().namespace())) {
        now.put(p.ref(), p);
      } else {
        untouched.add(p);
      }
    }
    Map<PolicyRef, Policy> proposed = new TreeMap<>();
    for (Policy p : proposal) {
      if (scope.contains(p.ref().namespace())) {
        proposed.put(p.ref(), p);
      }
    }
    SortedSet<PolicyRef> refs = new TreeSet<>(now.keySet());
    refs.addAll(proposed.keySet());
    List<Entry> entries = new ArrayList<>(refs.size());
    for (PolicyRef ref : refs) {
      Policy d = now.get(ref);
      Policy p = proposed.get(ref);
      entries.add(new Entry(ref, action(d, p, recordedSteps), d, p));
    }
    return new AfterState(scope, deployed, entries, untouched);
  }

  private static Action action(Policy deployed, Policy proposed, Set<String> recordedSteps) {
    if (deployed == null) {
      return Action.CREATE;
    }
    boolean owned = deployed.ownedBy(recordedSteps);
    if (proposed == null) {
      return owned ? Action.DELETE : Action.KEEP;
    }
    return owned ? Action.UPDATE : Action.CONFLICT;
  }

  /** The namespaces the proposal is applied to, sorted. */
  public SortedSet<String> namespaces() {
    return namespaces;
  }

  /** Every policy of those namespaces, before or after, sorted by namespace and name. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entries with {@code action}, sorted. */
  public List<Entry> entries(Action action) {
    return entries.stream().filter(e -> e.action() == action).toList();
  }

  /** Every policy in the cluster after applying (of the namespaces given to {@link #of}). */
  public List<Policy> policies() {
    List<Policy> out = new ArrayList<>(untouched);
    for (Entry e : entries) {
      if (e.applied()) {
        out.add(e.proposed());
      } else if (e.stays()) {
        out.add(e.deployed());
      }
    }
    return out;
  }

  /**
   * The after-state compiled and indexed. A proposed policy whose spec equals the deployed one's
   * shares its compiled form, so an unchanged policy is held once.
   */
  public PolicySet compile() {
    List<CompiledPolicy> out = new ArrayList<>(untouched.size() + entries.size());
    untouched.forEach(p -> out.add(p.compiled()));
    for (Entry e : entries) {
      if (e.applied()) {
        boolean same = e.deployed() != null && e.deployed().sameSpec(e.proposed());
        out.add(same ? e.deployed().compiled() : e.proposed().compiled());
      } else if (e.stays()) {
        out.add(e.deployed().compiled());
      }
    }
    return PolicySet.ofCompiled(out);
  }

  /**
   * Replays {@code connections} against the deployed policies given to {@link #of} and against the
   * after-state; a changed connection's deciders say where each policy comes from ({@link
   * #origin}).
   *
   * @param work counts the selectors and rules tested
   */
  public Replay.Impact replay(
      List<ObservedConnection> connections, ConnectionMapping mapping, Work work) {
    PolicySet before = PolicySet.ofCompiled(deployed.stream().map(Policy::compiled).toList());
    return Replay.replay(connections, before, compile(), this::origin, mapping, work);
  }

  /** Where the policy {@code ref} of the after-state comes from. */
  public Origin origin(PolicyRef ref) {
    Entry e = byRef.get(ref);
    if (e == null) {
      return Origin.UNTOUCHED;
    }
    return e.applied() ? Origin.PROPOSED : Origin.KEPT_NOT_OWNED;
  }
}
