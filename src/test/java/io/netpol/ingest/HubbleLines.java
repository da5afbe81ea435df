package io.netpol.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builds Hubble flow-log lines shaped like real exports (proto field names, enums as names, RFC
 * 3339 times with nanoseconds), so each test states only the fields it is about.
 */
final class HubbleLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00.000000123Z");

  private HubbleLines() {}

  /** A pod endpoint: {@code labels} are {@code key=value} without the {@code k8s:} source. */
  static ObjectNode pod(String namespace, String podName, String... labels) {
    ObjectNode ep = JSON.createObjectNode();
    ep.put("ID", Math.abs(podName.hashCode() % 4000));
    ep.put("namespace", namespace);
    ArrayNode ls = ep.putArray("labels");
    for (String l : labels) {
      ls.add("k8s:" + l);
    }
    ls.add("k8s:io.cilium.k8s.policy.cluster=kind-kind");
    ls.add("k8s:io.kubernetes.pod.namespace=" + namespace);
    // Cilium derives the identity from the labels: equal labels, equal identity.
    ep.put(
        "identity", 10_000 + Math.abs((namespace + String.join(",", labels)).hashCode() % 50_000));
    ep.put("pod_name", podName);
    return ep;
  }

  /** A reserved identity such as {@code (1, "reserved:host")}. */
  static ObjectNode reserved(int identity, String... labels) {
    ObjectNode ep = JSON.createObjectNode();
    ep.put("identity", identity);
    ArrayNode ls = ep.putArray("labels");
    for (String l : labels) {
      ls.add(l);
    }
    return ep;
  }

  static ObjectNode withWorkload(ObjectNode ep, String name, String kind) {
    ObjectNode w = ep.putArray("workloads").addObject();
    w.put("name", name);
    w.put("kind", kind);
    return ep;
  }

  static Flow flow(
      ObjectNode src, String srcIp, int srcPort, ObjectNode dst, String dstIp, int dstPort) {
    return new Flow(src, srcIp, srcPort, dst, dstIp, dstPort);
  }

  /** One Hubble Flow; {@link #exporter()} and {@link #bare()} render it as a line. */
  static final class Flow {
    private final ObjectNode f = JSON.createObjectNode();
    private final ObjectNode tcp;
    private Instant time = T0;
    private String node = "kind-worker";

    private Flow(
        ObjectNode src, String srcIp, int srcPort, ObjectNode dst, String dstIp, int dstPort) {
      f.put("verdict", "FORWARDED");
      ObjectNode ip = f.putObject("IP");
      ip.put("source", srcIp);
      ip.put("destination", dstIp);
      ip.put("ipVersion", "IPv4");
      tcp = f.putObject("l4").putObject("TCP");
      tcp.put("source_port", srcPort);
      tcp.put("destination_port", dstPort);
      f.set("source", src.deepCopy());
      f.set("destination", dst.deepCopy());
      f.put("Type", "L3_L4");
      f.putObject("event_type").put("type", 4);
    }

    Flow udp() {
      ObjectNode l4 = (ObjectNode) f.get("l4");
      l4.set("UDP", l4.remove("TCP"));
      return this;
    }

    Flow verdict(String verdict) {
      f.put("verdict", verdict);
      if (verdict.equals("DROPPED")) {
        f.put("drop_reason_desc", "POLICY_DENIED");
      }
      return this;
    }

    Flow isReply(boolean reply) {
      f.put("is_reply", reply);
      return this;
    }

    /** The legacy flag of older Cilium versions. */
    Flow reply(boolean reply) {
      f.put("reply", reply);
      return this;
    }

    Flow flags(String... names) {
      ObjectNode flags = tcp.putObject("flags");
      for (String n : names) {
        flags.put(n, true);
      }
      return this;
    }

    Flow direction(String direction) {
      f.put("traffic_direction", direction);
      return this;
    }

    Flow destinationNames(String... names) {
      ArrayNode a = f.putArray("destination_names");
      for (String n : names) {
        a.add(n);
      }
      return this;
    }

    Flow at(Instant t) {
      time = t;
      return this;
    }

    Flow plusMillis(long ms) {
      time = time.plusMillis(ms);
      return this;
    }

    Flow node(String name) {
      node = name;
      return this;
    }

    /** The bare Flow object, as older exporters and hubble observe -o json write it. */
    String bare() {
      ObjectNode copy = f.deepCopy();
      copy.put("time", time.toString());
      copy.put("node_name", node);
      return copy.toString();
    }

    /**
     * {@code {"flow":{..},"node_name":..,"time":..}}: the exporter and hubble observe -o jsonpb.
     */
    String exporter() {
      ObjectNode line = JSON.createObjectNode();
      ObjectNode copy = f.deepCopy();
      copy.put("time", time.toString());
      copy.put("node_name", node);
      line.set("flow", copy);
      line.put("node_name", node);
      line.put("time", time.toString());
      return line.toString();
    }
  }
}
