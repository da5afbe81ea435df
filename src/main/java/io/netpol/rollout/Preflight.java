package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.policy.AfterState;
import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.CompiledRule;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.Direction;
import io.netpol.policy.Evaluator;
import io.netpol.policy.PeerMatcher;
import io.netpol.policy.PodPeerMatcher;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortMatcher;
import io.netpol.policy.SideVerdict;
import io.netpol.policy.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks {@code next} runs before it touches anything: the namespace exists, every policy
 * selects running pods and names namespaces that exist, pods keep DNS, and replaying the observed
 * traffic against the cluster as the step would leave it ({@link AfterState}: the tool's own
 * policies replaced, everyone else's kept) blocks no legitimate connection. Objects in the way (a
 * same-named policy the plan does not own) are found by {@link ApplyPlan}. Pure.
 */
public final class Preflight {
  /** Connections listed one by one before the rest are counted. */
  static final int LISTED = 10;

  private Preflight() {}

  /**
   * What the checks look at.
   *
   * @param proposal the proposed policies of {@code namespace}
   * @param live the NetworkPolicies in the cluster now, at least those of the namespaces {@link
   *     #reached} names
   * @param namespaceLabels every namespace in the cluster, with its labels
   * @param pods labels of the pods running in {@code namespace}
   * @param connections the stored connections with a side in {@code namespace} (others are passed
   *     over)
   * @param storeEmpty the store holds no connection at all
   * @param planSteps the plan's recorded steps: which live policies the rollout owns
   */
  public record Inputs(
      String namespace,
      List<NetworkPolicy> proposal,
      List<NetworkPolicy> live,
      Map<String, Map<String, String>> namespaceLabels,
      List<Map<String, String>> pods,
      List<ObservedConnection> connections,
      boolean storeEmpty,
      Set<String> planSteps) {}

  public static List<String> check(Inputs in) {
    List<String> problems = new ArrayList<>();
    String ns = in.namespace();
    if (!in.namespaceLabels().containsKey(ns)) {
      problems.add("namespace " + ns + " does not exist in the cluster");
      return problems;
    }
    if (in.storeEmpty()) {
      problems.add(
          "the store holds no observed connections, so replaying traffic would prove nothing;"
              + " run netpol-recommend observe first, or pass the --db it wrote");
      return problems;
    }
    if (in.proposal().isEmpty()) {
      problems.add(
          "no proposed policies for "
              + ns
              + "; run netpol-recommend propose --out DIR and pass --policies DIR");
      return problems;
    }
    boolean egressIsolated = false;
    boolean dnsAllowed = false;
    for (NetworkPolicy p : in.proposal()) {
      CompiledPolicy c = CompiledPolicy.compile(p);
      String name = ns + "/" + p.getMetadata().getName();
      if (!c.podSelector().matchesEverything()
          && in.pods().stream().noneMatch(labels -> c.podSelector().matches(labels))) {
        problems.add(name + " selects no running pod (podSelector " + c.podSelector() + ")");
      }
      for (Direction d : Direction.values()) {
        for (CompiledRule rule : c.rules(d)) {
          for (PeerMatcher peer : rule.peers()) {
            if (peer instanceof PodPeerMatcher pm
                && pm.namespaceSelector() != null
                && in.namespaceLabels().entrySet().stream()
                    .noneMatch(
                        e -> pm.namespaceSelector().matches(withName(e.getKey(), e.getValue())))) {
              problems.add(
                  name
                      + " "
                      + pm.field()
                      + " selects namespaces "
                      + pm.namespaceSelector()
                      + ": none exists");
            }
          }
        }
      }
      if (c.isolates(Direction.EGRESS)) {
        egressIsolated = true;
      }
      for (CompiledRule rule : c.rules(Direction.EGRESS)) {
        if (rule.ports().isEmpty() || rule.ports().stream().anyMatch(Preflight::isDns)) {
          dnsAllowed = true;
        }
      }
    }
    if (egressIsolated && !dnsAllowed) {
      problems.add(
          "no DNS egress: the proposal egress-isolates pods in "
              + ns
              + " but no rule allows port 53; add the allow-dns policy propose writes");
    }
    problems.addAll(replay(in, afterState(in), new Work()));
    return problems;
  }

  /** The API server labels every namespace with its own name (1.21+); older data may lack it. */
  private static Map<String, String> withName(String namespace, Map<String, String> labels) {
    Map<String, String> out = new java.util.HashMap<>(labels);
    out.putIfAbsent("kubernetes.io/metadata.name", namespace);
    return out;
  }

  private static boolean isDns(PortMatcher port) {
    return port.port() != null
        && port.port() <= 53
        && (port.endPort() == null ? port.port() == 53 : port.endPort() >= 53);
  }

  /**
   * The cluster as the step would leave it ({@link AfterState}), for the namespaces the replay
   * needs.
   */
  static AfterState afterState(Inputs in) {
    return AfterState.of(
        List.of(in.namespace()),
        relevant(in).stream().map(Policy::of).toList(),
        in.proposal().stream().map(Policy::of).toList(),
        in.planSteps());
  }

  /**
   * The live policies the replay needs: those of the namespace and of the namespaces its observed
   * connections reach, so the work follows the namespace's connections, not the cluster's size.
   */
  static List<NetworkPolicy> relevant(Inputs in) {
    Set<String> namespaces = reached(in.namespace(), in.connections());
    List<NetworkPolicy> out = new ArrayList<>();
    for (NetworkPolicy p : in.live()) {
      if (namespaces.contains(p.getMetadata().getNamespace())) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * {@code namespace} and the namespaces its observed connections reach: whose policies decide its
   * connections.
   */
  public static Set<String> reached(String namespace, List<ObservedConnection> connections) {
    Set<String> namespaces = new TreeSet<>();
    namespaces.add(namespace);
    for (ObservedConnection c : connections) {
      if (touches(namespace, c)) {
        addNamespace(namespaces, c.client().namespace());
        addNamespace(namespaces, c.server().namespace());
      }
    }
    return namespaces;
  }

  private static void addNamespace(Set<String> namespaces, String namespace) {
    if (namespace != null) {
      namespaces.add(namespace);
    }
  }

  private static boolean touches(String namespace, ObservedConnection c) {
    return namespace.equals(c.client().namespace()) || namespace.equals(c.server().namespace());
  }

  /** Observed legitimate connections of the namespace that the after-state would block. */
  static List<String> replay(Inputs in, AfterState after, Work work) {
    PolicySet policies = after.compile();
    ConnectionMapping mapping = ConnectionMapping.of(in.namespaceLabels());
    List<String> blocked = new ArrayList<>();
    int more = 0;
    for (ObservedConnection c : in.connections()) {
      if (c.verdict() == Verdict.DENIED || !touches(in.namespace(), c)) {
        continue;
      }
      ConnectionMapping.Mapped m = mapping.map(c);
      if (!m.evaluable() || Evaluator.allows(policies, m.connection(), work)) {
        continue;
      }
      if (blocked.size() >= LISTED) {
        more++;
        continue;
      }
      io.netpol.policy.Evaluation v = Evaluator.evaluate(policies, m.connection(), work);
      SideVerdict denied = v.egress().allowed() ? v.ingress() : v.egress();
      blocked.add(
          "would block observed "
              + c.client().display()
              + " -> "
              + c.server().display()
              + " "
              + c.port()
              + "/"
              + c.protocol()
              + " ("
              + c.count()
              + " connections; "
              + denied.direction().field()
              + " isolated by "
              + String.join(", ", denied.isolatedBy().stream().map(Object::toString).toList())
              + ")");
    }
    if (more > 0) {
      blocked.add("... and " + more + " more observed connections would be blocked");
    }
    return blocked;
  }
}
