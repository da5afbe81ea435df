package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.LabelPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage 1: who is who. Keeps the connections whose names Kubernetes accepts (and says which it
 * refused), collects the stable label sets of every workload, chooses the namespaces in scope and
 * the pod selector of every workload seen.
 */
final class Identities {

  static final String NO_STABLE_LABELS = "no stable labels were observed on its pods";

  private final List<ObservedConnection> connections;
  private final SortedMap<String, PodSelectors> selectors;
  private final SortedSet<String> scope;
  private final List<Review.RejectedName> rejected;
  private final List<String> notes;
  private final Map<WorkloadKey, PodSelectors.Selection> selections = new HashMap<>();
  private final Map<WorkloadKey, Selector> podSelectors = new HashMap<>();

  private Identities(
      List<ObservedConnection> connections,
      SortedMap<String, PodSelectors> selectors,
      SortedSet<String> scope,
      List<Review.RejectedName> rejected,
      List<String> notes) {
    this.connections = connections;
    this.selectors = selectors;
    this.scope = scope;
    this.rejected = rejected;
    this.notes = notes;
  }

  static Identities of(RecommendInput input, RecommendOptions options) {
    SortedMap<String, Review.RejectedName> rejected = new TreeMap<>();
    List<ObservedConnection> valid = new ArrayList<>();
    // The store hands out one Endpoint object per endpoint: check each once.
    Map<Endpoint, Boolean> checked = new IdentityHashMap<>();
    for (ObservedConnection c : sorted(input.connections())) {
      boolean client = checked.computeIfAbsent(c.client(), e -> validName(e) == null);
      boolean server = checked.computeIfAbsent(c.server(), e -> validName(e) == null);
      if (!client) {
        reject(rejected, c.client(), c);
      }
      if (!server) {
        reject(rejected, c.server(), c);
      }
      if (client && server) {
        valid.add(c);
      }
    }
    LabelPolicy volatileLabels = LabelPolicy.withExtraVolatile(options.extraVolatileLabels());
    SortedMap<String, SortedMap<String, LabelSets>> sets = new TreeMap<>();
    input
        .workloadLabelSets()
        .forEach(
            (key, labelSets) -> {
              if (KubernetesNames.isDns1123Label(key.namespace())
                  && KubernetesNames.isDns1123Subdomain(key.workload())) {
                labelSets.forEach(l -> add(sets, key, volatileLabels.stable(l)));
              }
            });
    // The store hands out one Endpoint object per endpoint: add each label set once.
    Set<Endpoint> added = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ObservedConnection c : valid) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        if (e.kind() == EndpointKind.POD && added.add(e)) {
          add(sets, e.workloadKey(), volatileLabels.stable(e.labels()));
        }
      }
    }
    List<String> notes = new ArrayList<>();
    SortedMap<String, PodSelectors> selectors = new TreeMap<>();
    sets.forEach(
        (ns, workloads) -> {
          selectors.put(ns, PodSelectors.of(workloads));
          workloads.forEach(
              (w, s) -> {
                if (s.capped()) {
                  notes.add(String.format(CAPPED, ns + "/" + w, LabelSets.MAX_KEPT));
                }
              });
        });
    SortedSet<String> scope = new TreeSet<>();
    if (!options.namespaces().isEmpty()) {
      scope.addAll(options.namespaces());
    } else {
      for (String ns : sets.keySet()) {
        if (!RecommendOptions.SYSTEM_NAMESPACES.contains(ns)) {
          scope.add(ns);
        }
      }
    }
    scope.removeAll(options.excludedNamespaces());
    return new Identities(
        List.copyOf(valid), selectors, scope, List.copyOf(rejected.values()), notes);
  }

  static final String CAPPED =
      "%s: more than %,d distinct stable label sets were observed (is a label volatile? name it"
          + " with --volatile-label); its selector uses the labels every pod carried, and other"
          + " workloads' selectors are checked against every label its pods carried";

  private static void add(
      SortedMap<String, SortedMap<String, LabelSets>> sets,
      WorkloadKey w,
      Map<String, String> stable) {
    sets.computeIfAbsent(w.namespace(), n -> new TreeMap<>())
        .computeIfAbsent(w.workload(), n -> new LabelSets())
        .add(stable);
  }

  /** Client key, server key, port, protocol, verdict; the same endpoint is not compared. */
  private static final Comparator<ObservedConnection> ORDER =
      (a, b) -> {
        int d = a.client() == b.client() ? 0 : a.client().key().compareTo(b.client().key());
        if (d == 0) {
          d = a.server() == b.server() ? 0 : a.server().key().compareTo(b.server().key());
        }
        if (d == 0) {
          d = Integer.compare(a.port(), b.port());
        }
        if (d == 0) {
          d = a.protocol().compareTo(b.protocol());
        }
        return d != 0 ? d : a.verdict().compareTo(b.verdict());
      };

  private static List<ObservedConnection> sorted(List<ObservedConnection> connections) {
    List<ObservedConnection> out = new ArrayList<>(connections);
    out.sort(ORDER);
    return out;
  }

  /** What is wrong with the endpoint's names: {what, value, reason}; null when nothing. */
  private static String[] validName(Endpoint e) {
    if (e.kind() != EndpointKind.POD
        && e.kind() != EndpointKind.SERVICE
        && e.kind() != EndpointKind.NETWORK) {
      return null;
    }
    if (e.namespace() != null && !KubernetesNames.isDns1123Label(e.namespace())) {
      return new String[] {"namespace", e.namespace(), DNS_1123_LABEL};
    }
    if (e.kind() == EndpointKind.NETWORK
        && e.name() != null
        && !KubernetesNames.isDns1123Subdomain(e.name())) {
      return new String[] {"network set", e.name(), DNS_1123_SUBDOMAIN};
    }
    if (e.kind() == EndpointKind.POD && !KubernetesNames.isDns1123Subdomain(e.workload())) {
      return new String[] {"workload", e.workload(), DNS_1123_SUBDOMAIN};
    }
    return null;
  }

  static final String DNS_1123_LABEL =
      "not a DNS-1123 label (lower-case letters, digits, '-', at most 63)";
  static final String DNS_1123_SUBDOMAIN =
      "not a DNS-1123 subdomain (lower-case letters, digits, '-', '.', at most 253)";

  private static void reject(
      SortedMap<String, Review.RejectedName> rejected, Endpoint e, ObservedConnection c) {
    String[] wrong = validName(e);
    String shown = KubernetesNames.shown(wrong[1]);
    rejected.merge(
        wrong[0] + " " + shown,
        new Review.RejectedName(wrong[0], shown, wrong[2], c.count()),
        (a, b) ->
            new Review.RejectedName(
                a.what(), a.value(), a.reason(), a.connections() + b.connections()));
  }

  /** The connections with valid names, sorted by client, server, port, protocol, verdict. */
  List<ObservedConnection> connections() {
    return connections;
  }

  /** Namespaces in scope. */
  SortedSet<String> scope() {
    return scope;
  }

  boolean inScope(Endpoint e) {
    return e.kind() == EndpointKind.POD && scope.contains(e.namespace());
  }

  /** Namespaces where pods were observed. */
  SortedSet<String> namespacesWithPods() {
    return new TreeSet<>(selectors.keySet());
  }

  /** Workloads seen in a namespace, sorted. */
  List<String> workloads(String namespace) {
    PodSelectors s = selectors.get(namespace);
    return s == null ? List.of() : s.workloads();
  }

  /** The selection of a workload; a labelless, inexact one when it was never seen with labels. */
  PodSelectors.Selection selection(WorkloadKey w) {
    return selections.computeIfAbsent(
        w,
        k -> {
          PodSelectors s = selectors.get(k.namespace());
          PodSelectors.Selection out = s == null ? null : s.selection(k.workload());
          return out != null
              ? out
              : new PodSelectors.Selection(new TreeMap<>(), false, NO_STABLE_LABELS, List.of());
        });
  }

  /** The pod selector of a workload's own pods (its selection's labels). */
  Selector selector(WorkloadKey w) {
    return podSelectors.computeIfAbsent(w, k -> Selector.of(selection(k).labels()));
  }

  /** Whether the workload has a selector at all (some stable label). */
  boolean selectable(WorkloadKey w) {
    return !selection(w).labels().isEmpty();
  }

  /** One exact {@code In} selector for several workloads of a namespace, if one exists. */
  Optional<Selector> in(String namespace, Collection<String> workloads) {
    PodSelectors s = selectors.get(namespace);
    return s == null ? Optional.empty() : s.in(workloads);
  }

  List<Review.RejectedName> rejected() {
    return rejected;
  }

  /** Remarks about the identities (label sets over the cap). */
  List<String> notes() {
    return notes;
  }
}
