package io.netpol.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.netpol.flow.WorkloadNames;
import io.netpol.policy.NamedPort;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicyException;
import io.netpol.policy.PortProtocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Reads what the evaluator needs from a live cluster: policies, namespace labels, pods. */
public final class ClusterReader {
  private final KubernetesClient client;

  /**
   * Up to this many namespaces, policies are listed namespace by namespace; past it, all at once.
   */
  static final int LISTED_ONE_BY_ONE = 32;

  public ClusterReader(KubernetesClient client) {
    this.client = client;
  }

  /** NetworkPolicies of the given namespaces, or of all namespaces when none are given. */
  public List<NetworkPolicy> policies(Collection<String> namespaces) {
    return call(
        "list NetworkPolicies",
        () -> {
          List<NetworkPolicy> out = new ArrayList<>();
          if (namespaces.isEmpty() || namespaces.size() > LISTED_ONE_BY_ONE) {
            Set<String> wanted = Set.copyOf(namespaces);
            for (NetworkPolicy p :
                client.network().v1().networkPolicies().inAnyNamespace().list().getItems()) {
              if (wanted.isEmpty() || wanted.contains(p.getMetadata().getNamespace())) {
                out.add(p);
              }
            }
          } else {
            for (String ns : namespaces) {
              out.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
            }
          }
          return out;
        });
  }

  /** Policies listed per request, so a large cluster's policies never sit in memory as objects. */
  static final long PAGE = 500;

  /**
   * NetworkPolicies of the given namespaces (of all when none are given) in compact form, each
   * converted as soon as its page arrives, so only one page of fabric8 objects is held at a time.
   */
  public List<Policy> compactPolicies(Collection<String> namespaces) {
    return policies(namespaces, ClusterReader::compact);
  }

  private static Policy compact(NetworkPolicy p) {
    try {
      return Policy.of(p);
    } catch (PolicyException e) {
      throw new ClusterException(
          "the cluster holds an invalid NetworkPolicy: " + e.getMessage(), e);
    }
  }

  private <T> List<T> policies(Collection<String> namespaces, Function<NetworkPolicy, T> convert) {
    return call(
        "list NetworkPolicies",
        () -> {
          List<T> out = new ArrayList<>();
          if (namespaces.isEmpty()) {
            pages(client.network().v1().networkPolicies().inAnyNamespace(), convert, out);
          } else {
            for (String ns : namespaces) {
              pages(client.network().v1().networkPolicies().inNamespace(ns), convert, out);
            }
          }
          return out;
        });
  }

  private static <T> void pages(
      Listable<NetworkPolicyList> api, Function<NetworkPolicy, T> convert, List<T> out) {
    String next = null;
    do {
      NetworkPolicyList page =
          api.list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      page.getItems().forEach(p -> out.add(convert.apply(p)));
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  /** Labels of every namespace, by name. */
  public Map<String, Map<String, String>> namespaceLabels() {
    return call(
        "list namespaces",
        () -> {
          Map<String, Map<String, String>> out = new TreeMap<>();
          for (Namespace ns : client.namespaces().list().getItems()) {
            Map<String, String> labels = ns.getMetadata().getLabels();
            out.put(ns.getMetadata().getName(), labels == null ? Map.of() : labels);
          }
          return out;
        });
  }

  /** Every pod of the namespace. */
  public List<Pod> pods(String namespace) {
    return call(
        "list pods in " + namespace, () -> client.pods().inNamespace(namespace).list().getItems());
  }

  /** The pods of a workload: pods of the namespace whose names derive to the workload's name. */
  public List<Pod> workloadPods(String namespace, String workload) {
    return call(
        "list pods in " + namespace,
        () -> {
          List<Pod> out = new ArrayList<>();
          for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            Map<String, String> labels =
                pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (workload.equals(WorkloadNames.fromPodName(pod.getMetadata().getName(), labels))) {
              out.add(pod);
            }
          }
          return out;
        });
  }

  /** A pod's named container ports. */
  public static List<NamedPort> namedPorts(Pod pod) {
    List<NamedPort> out = new ArrayList<>();
    if (pod.getSpec() == null) {
      return out;
    }
    for (Container c : pod.getSpec().getContainers()) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getName() != null && p.getContainerPort() != null) {
          PortProtocol protocol =
              PortProtocol.parse(p.getProtocol() == null ? "TCP" : p.getProtocol());
          out.add(
              new NamedPort(
                  p.getName(),
                  protocol == null ? PortProtocol.TCP : protocol,
                  p.getContainerPort()));
        }
      }
    }
    return out;
  }

  /** An API call whose failure is described for the user. */
  interface Call<T> {
    T run();
  }

  private <T> T call(String what, Call<T> call) {
    return call(client, what, call);
  }

  /** Runs {@code call}; a failure becomes a {@link ClusterException} saying what and why. */
  static <T> T call(KubernetesClient client, String what, Call<T> call) {
    try {
      return call.run();
    } catch (KubernetesClientException e) {
      throw new ClusterException(describe(what, e, String.valueOf(client.getMasterUrl())), e);
    }
  }

  static String describe(String what, KubernetesClientException e, String server) {
    return "cannot " + what + ": " + reason(e, server);
  }

  /** Why an API call failed and what to do, for the usual status codes. */
  public static String reason(KubernetesClientException e, String server) {
    int code = e.getCode();
    if (code == 401) {
      return "the credentials in the kubeconfig were refused; log in again";
    } else if (code == 403) {
      return "forbidden: the kubeconfig user lacks RBAC for this; apply the roles in deploy/rbac.yaml";
    } else if (code == 404) {
      return "not found on this API server";
    } else if (code == 409) {
      return "conflict: someone changed it at the same time; run the command again";
    } else if (code >= 500) {
      return "the API server failed (HTTP " + code + "); run the command again";
    } else if (code <= 0) {
      return "cannot reach the API server at "
          + server
          + " ("
          + rootCause(e)
          + "); check --kubeconfig, --context and the network";
    }
    return "HTTP " + code + ": " + firstLine(e);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m =
        t.getMessage() == null
            ? t.getClass().getSimpleName()
            : t.getClass().getSimpleName() + ": " + t.getMessage();
    return m.split("\n")[0];
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.split("\n")[0];
  }
}
