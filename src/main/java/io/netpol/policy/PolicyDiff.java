package io.netpol.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which policies a change adds, removes and changes, with a field-level description of each change
 * to a spec, and which policies the tool does not own stay beside the proposal. Metadata other than
 * the name is ignored: evidence annotations change on every proposal without changing what a policy
 * does. Specs are compared as canonical text ({@link Policy#spec()}); only a pair that differs is
 * parsed again, to say which fields changed. Pure.
 */
public final class PolicyDiff {
  /**
   * One changed field: its path in the policy, the value before and after (JSON, or null if
   * absent).
   */
  public record FieldChange(String path, String before, String after) {}

  /** A policy present on both sides with a different spec. */
  public record Changed(PolicyRef policy, List<FieldChange> fields) {}

  /**
   * A policy the tool does not own, in a namespace the proposal covers: applying leaves it as it
   * is.
   *
   * @param owner its managed-by label, or {@code null} when it has none
   * @param step its rollout-step annotation, or {@code null}: labelled by the tool, it is still not
   *     the tool's unless a step the store records wrote it
   * @param sameName a proposed policy has its name: the rollout refuses the namespace
   * @param sharedWorkloads observed workloads ({@code ns/name}) that both it and the proposal
   *     select
   * @param sharesSelector it or a proposed policy of its namespace selects every pod, or both use
   *     the same podSelector: they select the same pods whatever pods run there
   */
  public record Kept(
      PolicyRef policy,
      String owner,
      String step,
      boolean sameName,
      List<String> sharedWorkloads,
      boolean sharesSelector) {
    public Kept {
      sharedWorkloads = List.copyOf(sharedWorkloads);
    }

    /** True when it needs a review next to the proposal. */
    public boolean conflict() {
      return sameName || sharesSelector || !sharedWorkloads.isEmpty();
    }
  }

  /** The difference between two sets of policies. */
  public record Result(
      List<PolicyRef> added,
      List<PolicyRef> removed,
      List<Changed> changed,
      List<PolicyRef> unchanged,
      List<Kept> kept) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** Kept policies with the same name as a proposed one: the rollout refuses their namespace. */
    public List<Kept> sameName() {
      return kept.stream().filter(Kept::sameName).toList();
    }
  }

  private PolicyDiff() {}

  /** Every policy of {@code before} is replaced by {@code after}, whoever owns it. */
  public static Result diff(List<NetworkPolicy> before, List<NetworkPolicy> after) {
    Map<PolicyRef, Policy> a = byRef(before);
    Map<PolicyRef, Policy> b = byRef(after);
    List<PolicyRef> added = new ArrayList<>();
    List<PolicyRef> removed = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    List<PolicyRef> unchanged = new ArrayList<>();
    TreeSet<PolicyRef> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    for (PolicyRef ref : all) {
      if (!a.containsKey(ref)) {
        added.add(ref);
      } else if (!b.containsKey(ref)) {
        removed.add(ref);
      } else if (!compare(ref, a.get(ref), b.get(ref), changed)) {
        unchanged.add(ref);
      }
    }
    return new Result(added, removed, changed, unchanged, List.of());
  }

  /**
   * What applying does in the after-state's namespaces: added, removed and changed policies are the
   * tool's own; the policies it does not own are listed as kept, with what they share with the
   * proposal.
   *
   * @param pods the observed pod workloads, whose labels tell which pods selectors share
   */
  public static Result diff(AfterState state, Collection<Endpoint> pods) {
    List<PolicyRef> added = new ArrayList<>();
    List<PolicyRef> removed = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    List<AfterState.Entry> kept = new ArrayList<>();
    List<PolicyRef> unchanged = new ArrayList<>();
    for (AfterState.Entry e : state.entries()) {
      switch (e.action()) {
        case CREATE -> added.add(e.ref());
        case DELETE -> removed.add(e.ref());
        case UPDATE -> {
          if (!compare(e.ref(), e.deployed(), e.proposed(), changed)) {
            unchanged.add(e.ref());
          }
        }
        default -> kept.add(e);
      }
    }
    return new Result(added, removed, changed, unchanged, Overlap.of(state, kept, pods));
  }

  private static Map<PolicyRef, Policy> byRef(List<NetworkPolicy> policies) {
    Map<PolicyRef, Policy> out = new TreeMap<>();
    for (NetworkPolicy p : policies) {
      Policy policy = Policy.of(p);
      out.put(policy.ref(), policy);
    }
    return out;
  }

  /** Adds the change of {@code ref} to {@code out}; false when the specs do the same. */
  private static boolean compare(PolicyRef ref, Policy before, Policy after, List<Changed> out) {
    if (before.sameSpec(after)) {
      return false;
    }
    List<FieldChange> fields = new ArrayList<>();
    compare("spec", SpecText.tree(before.spec()), SpecText.tree(after.spec()), fields);
    if (fields.isEmpty()) {
      return false;
    }
    out.add(new Changed(ref, fields));
    return true;
  }

  private static void compare(String path, JsonNode a, JsonNode b, List<FieldChange> out) {
    if (a.equals(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode x = a.get(name);
        JsonNode y = b.get(name);
        String p = path + "." + name;
        if (x == null) {
          out.add(new FieldChange(p, null, y.toString()));
        } else if (y == null) {
          out.add(new FieldChange(p, x.toString(), null));
        } else {
          compare(p, x, y, out);
        }
      }
      return;
    }
    if (a.isArray() && b.isArray()) {
      int n = Math.max(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        String p = path + "[" + i + "]";
        if (i >= a.size()) {
          out.add(new FieldChange(p, null, b.get(i).toString()));
        } else if (i >= b.size()) {
          out.add(new FieldChange(p, a.get(i).toString(), null));
        } else {
          compare(p, a.get(i), b.get(i), out);
        }
      }
      return;
    }
    out.add(new FieldChange(path, a.toString(), b.toString()));
  }

  /** Which pods kept policies share with the proposal. */
  private static final class Overlap {
    private Overlap() {}

    static List<Kept> of(AfterState state, List<AfterState.Entry> kept, Collection<Endpoint> pods) {
      if (kept.isEmpty()) {
        return List.of();
      }
      Map<String, List<LabelSelectorMatcher>> proposed = new TreeMap<>();
      Map<String, List<Endpoint>> podsByNamespace = new TreeMap<>();
      kept.forEach(e -> proposed.put(e.ref().namespace(), new ArrayList<>()));
      kept.forEach(e -> podsByNamespace.put(e.ref().namespace(), new ArrayList<>()));
      for (AfterState.Entry p : state.entries()) {
        List<LabelSelectorMatcher> selectors = proposed.get(p.ref().namespace());
        if (p.applied() && selectors != null) {
          selectors.add(p.proposed().compiled().podSelector());
        }
      }
      for (Endpoint pod : pods) {
        List<Endpoint> here = podsByNamespace.get(pod.namespace());
        if (pod.kind() == EndpointKind.POD && here != null) {
          here.add(pod);
        }
      }
      List<Kept> out = new ArrayList<>();
      for (AfterState.Entry e : kept) {
        LabelSelectorMatcher selector = e.deployed().compiled().podSelector();
        List<LabelSelectorMatcher> others = proposed.get(e.ref().namespace());
        TreeSet<String> shared = new TreeSet<>();
        for (Endpoint pod : podsByNamespace.get(e.ref().namespace())) {
          if (selector.matches(pod.labels())
              && others.stream().anyMatch(s -> s.matches(pod.labels()))) {
            shared.add(pod.namespace() + "/" + pod.workload());
          }
        }
        boolean sharesSelector =
            !others.isEmpty()
                && (selector.matchesEverything()
                    || others.stream().anyMatch(s -> s.matchesEverything() || s.equals(selector)));
        out.add(
            new Kept(
                e.ref(),
                e.owner(),
                e.deployed().step(),
                e.action() == AfterState.Action.CONFLICT,
                List.copyOf(shared),
                sharesSelector));
      }
      return out;
    }
  }
}
