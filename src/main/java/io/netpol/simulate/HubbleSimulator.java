package io.netpol.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netpol.simulate.VotingApp.Flow;
import io.netpol.simulate.VotingApp.Pod;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the voting app's traffic as a Hubble exporter would: every connection seen at the client's
 * egress and the server's ingress, handshake and replies included ({@code is_reply}), kubelet
 * probes from the pod's own node ({@code reserved:host}) and DNS to kube-dns.
 */
final class HubbleSimulator {
  /** One round of traffic every 30 s of simulated time. */
  private static final long ROUND_NANOS = 30_000_000_000L;

  private final JsonGenerator json;
  private final HubbleTopology topology;
  private final long lineLimit;
  private long lines;
  private long timeNanos;
  private int nextPort = 32768;

  HubbleSimulator(Writer out, HubbleTopology topology, Instant start, long lineLimit)
      throws IOException {
    this.json = new JsonFactory().createGenerator(out);
    this.topology = topology;
    this.json.setRootValueSeparator(null);
    this.timeNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    this.lineLimit = lineLimit;
  }

  /** Writes rounds of traffic (every flow, probe and DNS lookup once) until the line limit. */
  long run() throws IOException {
    while (lines < lineLimit) {
      for (Flow f : topology.flows()) {
        dns(f.client());
        tcp(f.client(), f.server(), f.port());
      }
      for (Pod p : topology.lookups()) {
        dns(p);
      }
      for (Flow p : topology.probes()) {
        tcp(null, p.server(), p.port());
      }
      timeNanos += ROUND_NANOS;
    }
    json.flush();
    return lines;
  }

  private void tcp(Pod client, Pod server, int port) throws IOException {
    int clientPort = ephemeralPort();
    String clientNode = client == null ? server.node() : client.node();
    // SYN leaves the client, arrives at the server; SYN-ACK back; then data and its reply.
    packet(
        client,
        server,
        clientPort,
        port,
        "TCP",
        false,
        "SYN",
        clientNode,
        "EGRESS",
        client == null ? server.node() : null);
    packet(client, server, clientPort, port, "TCP", false, "SYN", server.node(), "INGRESS", null);
    packet(
        server, client, port, clientPort, "TCP", true, "SYN,ACK", server.node(), "INGRESS", null);
    packet(server, client, port, clientPort, "TCP", true, "SYN,ACK", clientNode, "EGRESS", null);
    packet(client, server, clientPort, port, "TCP", false, "ACK,PSH", clientNode, "EGRESS", null);
    packet(
        server, client, port, clientPort, "TCP", true, "ACK,PSH", server.node(), "INGRESS", null);
  }

  private void dns(Pod client) throws IOException {
    Pod dns = topology.dns();
    int clientPort = ephemeralPort();
    packet(client, dns, clientPort, 53, "UDP", false, null, client.node(), "EGRESS", null);
    packet(client, dns, clientPort, 53, "UDP", false, null, dns.node(), "INGRESS", null);
    packet(dns, client, 53, clientPort, "UDP", true, null, dns.node(), "INGRESS", null);
    packet(dns, client, 53, clientPort, "UDP", true, null, client.node(), "EGRESS", null);
  }

  private int ephemeralPort() {
    int p = nextPort++;
    if (nextPort > 60999) {
      nextPort = 32768;
    }
    return p;
  }

  /** One flow event; a null pod is the node the other pod runs on (kubelet). */
  private void packet(
      Pod src,
      Pod dst,
      int srcPort,
      int dstPort,
      String proto,
      boolean reply,
      String flags,
      String node,
      String direction,
      String unused)
      throws IOException {
    if (lines >= lineLimit) {
      return;
    }
    timeNanos += 137_000;
    String time = Instant.ofEpochSecond(0, timeNanos).toString();
    json.writeStartObject();
    json.writeObjectFieldStart("flow");
    json.writeStringField("time", time);
    json.writeStringField("verdict", "FORWARDED");
    json.writeObjectFieldStart("IP");
    json.writeStringField("source", ip(src, dst));
    json.writeStringField("destination", ip(dst, src));
    json.writeStringField("ipVersion", "IPv4");
    json.writeEndObject();
    json.writeObjectFieldStart("l4");
    json.writeObjectFieldStart(proto);
    json.writeNumberField("source_port", srcPort);
    json.writeNumberField("destination_port", dstPort);
    if (flags != null) {
      json.writeObjectFieldStart("flags");
      for (String flag : flags.split(",")) {
        json.writeBooleanField(flag, true);
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
    endpoint("source", src);
    endpoint("destination", dst);
    json.writeStringField("Type", "L3_L4");
    json.writeStringField("node_name", node);
    json.writeObjectFieldStart("event_type");
    json.writeNumberField("type", 4);
    json.writeEndObject();
    json.writeStringField("traffic_direction", direction);
    json.writeBooleanField("is_reply", reply);
    json.writeStringField(
        "Summary", flags == null ? proto : "TCP Flags: " + flags.replace(",", ", "));
    json.writeEndObject();
    json.writeStringField("node_name", node);
    json.writeStringField("time", time);
    json.writeEndObject();
    json.writeRaw('\n');
    lines++;
  }

  private String ip(Pod pod, Pod peer) {
    return pod != null ? pod.ip() : topology.nodeIp(peer.node());
  }

  private void endpoint(String field, Pod pod) throws IOException {
    json.writeObjectFieldStart(field);
    if (pod == null) {
      json.writeNumberField("identity", 1);
      json.writeArrayFieldStart("labels");
      json.writeString("reserved:host");
      json.writeEndArray();
      json.writeEndObject();
      return;
    }
    json.writeNumberField("ID", Math.abs(pod.name().hashCode() % 4000));
    json.writeNumberField("identity", 10000 + Math.abs(pod.workload().hashCode() % 50000));
    json.writeStringField("namespace", pod.namespace());
    json.writeArrayFieldStart("labels");
    Map<String, String> labels = new TreeMap<>();
    pod.labels()
        .forEach(
            (k, v) -> {
              if (!k.equals("pod-template-hash")
                  && !k.startsWith("statefulset.")
                  && !k.startsWith("apps.kubernetes.io/")
                  && !k.equals("controller-revision-hash")) {
                labels.put(k, v);
              }
            });
    labels.put("io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", pod.namespace());
    labels.put("io.cilium.k8s.policy.cluster", "kind-kind");
    labels.put("io.cilium.k8s.policy.serviceaccount", pod.workload());
    labels.put("io.kubernetes.pod.namespace", pod.namespace());
    for (Map.Entry<String, String> e : labels.entrySet()) {
      json.writeString("k8s:" + e.getKey() + "=" + e.getValue());
    }
    json.writeEndArray();
    json.writeStringField("pod_name", pod.name());
    json.writeArrayFieldStart("workloads");
    json.writeStartObject();
    json.writeStringField("name", pod.workload());
    json.writeStringField("kind", pod.kind());
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
  }
}
