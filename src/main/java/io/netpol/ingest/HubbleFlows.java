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

  /** Thrown for flows that carry no connection we store; the message is the skip reason. */
  static final class Skip extends RuntimeException {
    Skip(String reason) {
      super(reason, null, false, false);
    }
  }

  PacketObservation toObservation(RawFlow flow, IngestSink sink) {
    Verdict verdict = verdict(flow.verdict);
    if (flow.protocol == null) {
      throw new Skip("no layer-4 protocol");
    }
    Endpoint src = endpoint(flow.source, flow.srcIp, flow.sourceNames, sink);
    Endpoint dst = endpoint(flow.destination, flow.dstIp, flow.destinationNames, sink);
    boolean icmp = flow.protocol == Protocol.ICMP;
    if (!icmp && (flow.srcPort < 0 || flow.dstPort < 0)) {
      throw new Skip("no ports");
    }
    long time = flow.timeMs == Long.MIN_VALUE ? 0L : flow.timeMs;
    return new PacketObservation(
        src,
        dst,
        flow.srcIp != null ? flow.srcIp : src.key(),
        flow.dstIp != null ? flow.dstIp : dst.key(),
        icmp ? 0 : flow.srcPort,
        icmp ? 0 : flow.dstPort,
        flow.protocol,
        verdict,
        time,
        flow.replyFlag(),
        flow.syn,
        flow.ack);
  }

  static Verdict verdict(String name) {
    if (name == null) {
      throw new Skip("no verdict");
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
      case "ERROR":
      case "3":
        throw new Skip("ERROR verdict");
      default:
        throw new Skip("no verdict");
    }
  }

  /**
   * Thrown when a record was read without its labels (the fast path) and its endpoints are not
   * known yet: the caller reads the record again with labels.
   */
  static final class NeedLabels extends RuntimeException {
    static final NeedLabels INSTANCE = new NeedLabels();

    private NeedLabels() {
      super("labels needed", null, false, false);
    }
  }

  /** What an endpoint is, independent of the address a flow carries for it. */
  private sealed interface Kind permits PodKind, ReservedKind {}

  private record PodKind(Endpoint pod) implements Kind {}

  /** A reserved identity (host, world, ...) or "none" when only the address tells. */
  private record ReservedKind(String name) implements Kind {}

  private static final int MAX_CACHED = 200_000;

  /**
   * Endpoints by (namespace, pod, workload, security identity). Cilium derives the identity from
   * the labels, so the same key means the same labels: records whose endpoints are all known here
   * are read without their label arrays, which are most of a Hubble line.
   */
  private final Map<List<Object>, Kind> known = new HashMap<>();

  private Endpoint endpoint(
      RawFlow.RawEndpoint ep, String ip, List<String> names, IngestSink sink) {
    List<Object> key =
        ep.identity >= 0
            ? List.of(
                nullToEmpty(ep.namespace),
                nullToEmpty(ep.podName),
                nullToEmpty(ep.workloadName),
                ep.identity)
            : null;
    Kind kind = key == null ? null : known.get(key);
    if (kind == null) {
      if (ep.labelsSkipped) {
        throw NeedLabels.INSTANCE;
      }
      kind = classify(ep, sink);
      if (key != null) {
        if (known.size() >= MAX_CACHED) {
          known.clear();
        }
        known.put(key, kind);
      }
    }
    if (kind instanceof PodKind pk) {
      return pk.pod();
    }
    switch (((ReservedKind) kind).name()) {
      case "host":
        return Endpoint.ownNodeHost();
      case "remote-node":
        return Endpoint.host(ip, null);
      case "kube-apiserver":
        return Endpoint.apiserver(ip);
      case "world":
      case "world-ipv4":
      case "world-ipv6":
        return Endpoint.world(ip, names.isEmpty() ? null : new TreeSet<>(names));
      case "health":
        throw new Skip("cilium-health probe");
      case "init":
        throw new Skip("endpoint still initialising");
      case "ingress":
        return Endpoint.host(ip, "cilium-ingress");
      default:
        if (ip == null) {
          throw new Skip("endpoint without identity or address");
        }
        if (IpAddresses.isPrivate(ip)) {
          return Endpoint.network(null, "pvt", ip);
        }
        return Endpoint.world(ip, names.isEmpty() ? null : new TreeSet<>(names));
    }
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

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
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
