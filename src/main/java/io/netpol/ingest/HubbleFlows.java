package io.netpol.ingest;

import io.netpol.flow.Endpoint;
import io.netpol.flow.IpAddresses;
import io.netpol.flow.LabelPolicy;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Interprets a decoded Hubble flow: verdict, endpoint kinds, pod workloads and labels. */
final class HubbleFlows {

  private static final String NS_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";

  private final LabelPolicy labelPolicy;

  /** (namespace, stable labels) to the workload that carried them. */
  private final Map<List<Object>, String> learned = new HashMap<>();

  HubbleFlows(LabelPolicy labelPolicy) {
    this.labelPolicy = labelPolicy;
  }

  /** Why the endpoint {@link #endpoint} could not give is not one: set when it returns null. */
  private DecodeResult unresolved;

  /**
   * Hands the flow's packet observation to {@code sink}; or says why the flow carries none, or that
   * it was read without the labels an endpoint not seen before needs.
   */
  DecodeResult observe(RawFlow flow, IngestSink sink) {
    Verdict verdict = verdict(flow.verdict);
    if (verdict == null) {
      return DecodeResult.skipped(
          "ERROR".equals(flow.verdict) || "3".equals(flow.verdict)
              ? "ERROR verdict"
              : "no verdict");
    }
    if (flow.protocol == null) {
      return DecodeResult.skipped("no layer-4 protocol");
    }
    String problem = flow.fieldProblem();
    if (problem != null) {
      return DecodeResult.malformed(problem);
    }
    Endpoint src = endpoint(flow.source, flow.srcIp, flow.sourceNames, flow.nodeName, sink);
    if (src == null) {
      return unresolved;
    }
    Endpoint dst =
        endpoint(flow.destination, flow.dstIp, flow.destinationNames, flow.nodeName, sink);
    if (dst == null) {
      return unresolved;
    }
    boolean icmp = flow.protocol == Protocol.ICMP;
    if (!icmp && (flow.srcPort < 0 || flow.dstPort < 0)) {
      return DecodeResult.skipped("no ports");
    }
    sink.packet(observation(flow, verdict, src, dst, icmp));
    return DecodeResult.STORED;
  }

  private static PacketObservation observation(
      RawFlow flow, Verdict verdict, Endpoint src, Endpoint dst, boolean icmp) {
    long time = flow.timeMs == Long.MIN_VALUE ? 0L : flow.timeMs;
    int srcPort = icmp ? 0 : flow.srcPort;
    int dstPort = icmp ? 0 : flow.dstPort;
    String srcAddress = flow.srcIp != null ? flow.srcIp : src.key();
    String dstAddress = flow.dstIp != null ? flow.dstIp : dst.key();
    boolean known = flow.srcIp != null && flow.dstIp != null;
    return new PacketObservation(
        src,
        dst,
        srcAddress,
        dstAddress,
        srcPort,
        dstPort,
        flow.protocol,
        verdict,
        time,
        flow.replyFlag(),
        flow.syn,
        flow.ack,
        known
            ? flow.connection()
            : ConnectionTracker.connection(flow.protocol, srcAddress, srcPort, dstAddress, dstPort),
        known
            ? flow.sourceIsLow()
            : ConnectionTracker.sourceIsLow(srcAddress, srcPort, dstAddress, dstPort));
  }

  /** The verdict to store, or null for a flow that carries none (no verdict, ERROR). */
  static Verdict verdict(String name) {
    if (name == null) {
      return null;
    }
    switch (name) {
      case "FORWARDED":
      case "REDIRECTED":
      case "TRACED":
      case "TRANSLATED":
      case "1":
      case "5":
      case "6":
      case "7":
        return Verdict.ALLOWED;
      case "DROPPED":
      case "2":
        return Verdict.DENIED;
      case "AUDIT":
      case "4":
        return Verdict.AUDIT;
      default:
        return null;
    }
  }

  /** What an endpoint is, independent of the address a flow carries for it. */
  private sealed interface Kind permits PodKind, ReservedKind {}

  private record PodKind(Endpoint pod) implements Kind {}

  /** A reserved identity (host, world, ...) or "none" when only the address tells. */
  private record ReservedKind(String name) implements Kind {}

  private static final int MAX_CACHED = 200_000;

  /** Labels held by the cache at most (with the label limits, a few hundred MB at worst). */
  private static final int MAX_CACHED_LABELS = 2_000_000;

  private int knownWeight;

  /**
   * Endpoints by (namespace, pod, workload, security identity). Cilium derives the identity from
   * the labels, so the same key means the same labels: records whose endpoints are all known here
   * are read without their label arrays, which are most of a Hubble line.
   */
  private final Map<RawFlow.RawEndpoint.Key, Kind> known = new HashMap<>();

  /**
   * @param node the node that observed the flow: for {@code reserved:host}, the node itself
   */
  private Endpoint endpoint(
      RawFlow.RawEndpoint ep, String ip, List<String> names, String node, IngestSink sink) {
    RawFlow.RawEndpoint.Key key = ep.key();
    Kind kind = key == null ? null : known.get(key);
    if (kind == null) {
      if (ep.labelsSkipped) {
        unresolved = DecodeResult.NEEDS_LABELS;
        return null;
      }
      kind = classify(ep, sink);
      if (ep.labelsCut.any()) {
        sink.labelsCut(ep.labelsCut);
      }
      if (key != null) {
        int weight = kind instanceof PodKind pk ? 1 + pk.pod().labels().size() : 1;
        if (known.size() >= MAX_CACHED || knownWeight + weight > MAX_CACHED_LABELS) {
          known.clear();
          knownWeight = 0;
        }
        known.put(key, kind);
        knownWeight += weight;
      }
    }
    if (kind instanceof PodKind pk) {
      return pk.pod();
    }
    switch (((ReservedKind) kind).name()) {
      case "host":
        return Endpoint.ownNode(node, ip);
      case "remote-node":
        return Endpoint.host(ip, null);
      case "kube-apiserver":
        return Endpoint.apiserver(ip);
      case "world":
      case "world-ipv4":
      case "world-ipv6":
        return Endpoint.world(ip, names.isEmpty() ? null : new TreeSet<>(names));
      case "health":
        return unresolved("cilium-health probe");
      case "init":
        return unresolved("endpoint still initialising");
      case "ingress":
        return Endpoint.host(ip, "cilium-ingress");
      default:
        if (ip == null) {
          return unresolved("endpoint without identity or address");
        }
        if (IpAddresses.isPrivate(ip)) {
          return Endpoint.network(null, "pvt", ip);
        }
        return Endpoint.world(ip, names.isEmpty() ? null : new TreeSet<>(names));
    }
  }

  /** No endpoint: the flow is skipped for {@code reason}. */
  private Endpoint unresolved(String reason) {
    unresolved = DecodeResult.skipped(reason);
    return null;
  }

  private Kind classify(RawFlow.RawEndpoint ep, IngestSink sink) {
    String reserved = reservedIdentity(ep);
    if (reserved != null && !reserved.equals("unmanaged")) {
      return new ReservedKind(reserved);
    }
    String namespace = ep.namespace;
    if ((namespace == null || namespace.isEmpty()) && ep.podName == null) {
      namespace = labelValue(ep.labels, "k8s:io.kubernetes.pod.namespace");
    }
    if (namespace != null && !namespace.isEmpty()) {
      return new PodKind(pod(ep, namespace, sink));
    }
    return new ReservedKind("none");
  }

  private Endpoint pod(RawFlow.RawEndpoint ep, String namespace, IngestSink sink) {
    Map<String, String> podLabels = new TreeMap<>();
    Map<String, String> namespaceLabels = new TreeMap<>();
    for (String label : ep.labels) {
      int colon = label.indexOf(':');
      String source = colon > 0 ? label.substring(0, colon) : "k8s";
      if (!"k8s".equals(source)) {
        continue;
      }
      String kv = colon > 0 ? label.substring(colon + 1) : label;
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      String value = eq < 0 ? "" : kv.substring(eq + 1);
      if (key.startsWith(NS_LABEL_PREFIX)) {
        namespaceLabels.put(key.substring(NS_LABEL_PREFIX.length()), value);
      } else if (!key.startsWith("io.cilium.k8s.") && !key.equals("io.kubernetes.pod.namespace")) {
        podLabels.put(key, value);
      }
    }
    SortedMap<String, String> stable = labelPolicy.stable(podLabels);
    String workload =
        ep.workloadName == null ? null : WorkloadNames.fromOwner(ep.workloadName, ep.workloadKind);
    if (workload == null && ep.podName != null && !ep.podName.isEmpty()) {
      workload = WorkloadNames.fromPodName(ep.podName, podLabels);
    }
    if (workload != null) {
      learn(namespace, stable, workload);
    } else {
      // Remote endpoints often come with labels only: name them as the same labels were named.
      workload = learned.get(List.of(namespace, stable));
      if (workload == null || workload.isEmpty()) {
        workload = WorkloadNames.fromLabels(podLabels);
      }
    }
    if (!namespaceLabels.isEmpty()) {
      sink.namespaceLabels(namespace, namespaceLabels);
    }
    return Endpoint.pod(namespace, workload, stable);
  }

  /**
   * Remembers which workload a label set belongs to. A label set seen on two workloads names
   * neither (the empty string marks it ambiguous).
   */
  void learn(String namespace, SortedMap<String, String> stableLabels, String workload) {
    learned.merge(List.of(namespace, stableLabels), workload, (a, b) -> a.equals(b) ? a : "");
  }

  private static String reservedIdentity(RawFlow.RawEndpoint ep) {
    for (String label : ep.labels) {
      if (label.startsWith("reserved:")) {
        String name = label.substring("reserved:".length());
        if (name.equals("kube-apiserver")) {
          return name;
        }
        // A node that also hosts the API server carries both labels; kube-apiserver wins above.
        if (ep.labels.contains("reserved:kube-apiserver")) {
          return "kube-apiserver";
        }
        return name;
      }
    }
    if (ep.labels.isEmpty() && ep.namespace == null && ep.podName == null) {
      switch ((int) ep.identity) {
        case 1:
          return "host";
        case 2:
        case 9:
        case 10:
          return "world";
        case 4:
          return "health";
        case 5:
          return "init";
        case 6:
          return "remote-node";
        case 7:
          return "kube-apiserver";
        case 8:
          return "ingress";
        default:
          return null;
      }
    }
    return null;
  }

  private static String labelValue(List<String> labels, String prefix) {
    for (String label : labels) {
      if (label.startsWith(prefix + "=")) {
        return label.substring(prefix.length() + 1);
      }
    }
    return null;
  }
}
