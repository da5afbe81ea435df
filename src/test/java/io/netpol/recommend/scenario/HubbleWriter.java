package io.netpol.recommend.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.recommend.scenario.Traffic.ApiServer;
import io.netpol.recommend.scenario.Traffic.Conn;
import io.netpol.recommend.scenario.Traffic.Node;
import io.netpol.recommend.scenario.Traffic.Peer;
import io.netpol.recommend.scenario.Traffic.Pod;
import io.netpol.recommend.scenario.Traffic.World;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic as the Hubble exporter writes it ({@code {"flow":{...},"node_name":..,"time":..}}): each
 * connection's SYN at the client's node (egress) and the SYN-ACK reply at the server's node (at the
 * client's when the server is a node's own process: no Cilium endpoint sees it there). A node is
 * {@code reserved:host} at its own agent and {@code reserved:remote-node} (with its address) at any
 * other; pods name their owner in {@code workloads} unless {@code withWorkloads} is off.
 */
public final class HubbleWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean withWorkloads;
  private long nanos;
  private int port = 40000;

  public HubbleWriter(Instant start, boolean withWorkloads) {
    this.nanos = start.getEpochSecond() * 1_000_000_000L;
    this.withWorkloads = withWorkloads;
  }

  public String write(List<Conn> conns) {
    StringBuilder out = new StringBuilder();
    for (Conn c : conns) {
      for (int i = 0; i < c.count(); i++) {
        int ephemeral = port++;
        String clientNode = node(c.client(), c.server());
        // Without Cilium's host firewall a node's own processes are no endpoint: packets to and
        // from them are seen only at the pod's end.
        String serverNode = c.server() instanceof Pod ? node(c.server(), c.client()) : clientNode;
        out.append(
            line(c.client(), c.server(), ephemeral, c.port(), c.protocol(), false, clientNode));
        out.append(
            line(c.server(), c.client(), c.port(), ephemeral, c.protocol(), true, serverNode));
      }
    }
    return out.toString();
  }

  /** Where a peer's packets are observed: its own node, else the other side's. */
  private static String node(Peer p, Peer other) {
    if (p instanceof Pod pod) {
      return pod.node();
    }
    if (p instanceof Node n) {
      return n.name();
    }
    return other instanceof Pod pod ? pod.node() : "unknown";
  }

  private String line(
      Peer src, Peer dst, int srcPort, int dstPort, String proto, boolean reply, String at) {
    nanos += 1_000_000;
    String time = Instant.ofEpochSecond(0, nanos).toString();
    ObjectNode flow = JSON.createObjectNode();
    flow.put("time", time);
    flow.put("verdict", "FORWARDED");
    ObjectNode ip = flow.putObject("IP");
    ip.put("source", ip(src));
    ip.put("destination", ip(dst));
    ip.put("ipVersion", ip(src).contains(":") ? "IPv6" : "IPv4");
    ObjectNode l4 = flow.putObject("l4").putObject(proto);
    l4.put("source_port", srcPort);
    l4.put("destination_port", dstPort);
    if (proto.equals("TCP")) {
      ObjectNode flags = l4.putObject("flags");
      flags.put("SYN", true);
      if (reply) {
        flags.put("ACK", true);
      }
    }
    flow.set("source", endpoint(src, at));
    flow.set("destination", endpoint(dst, at));
    flow.put("Type", "L3_L4");
    flow.put("node_name", at);
    if (dst instanceof World w && w.dnsName() != null) {
      flow.putArray("destination_names").add(w.dnsName());
    }
    if (src instanceof World w && w.dnsName() != null) {
      flow.putArray("source_names").add(w.dnsName());
    }
    flow.put("traffic_direction", reply ? "INGRESS" : "EGRESS");
    flow.put("is_reply", reply);
    ObjectNode wrapper = JSON.createObjectNode();
    wrapper.set("flow", flow);
    wrapper.put("node_name", at);
    wrapper.put("time", time);
    return wrapper + "\n";
  }

  private static String ip(Peer p) {
    if (p instanceof Pod pod) {
      return pod.ip();
    } else if (p instanceof Node n) {
      return n.ip();
    } else if (p instanceof World w) {
      return w.ip();
    } else if (p instanceof ApiServer a) {
      return a.ip();
    } else if (p instanceof Traffic.PrivateNet n) {
      return n.ip();
    }
    return ((Traffic.NetSet) p).ip();
  }

  private ObjectNode endpoint(Peer p, String at) {
    ObjectNode e = JSON.createObjectNode();
    if (p instanceof Pod pod) {
      e.put("ID", Math.abs(pod.name().hashCode() % 4000));
      e.put("identity", 10000 + Math.abs((pod.namespace() + pod.workload()).hashCode() % 50000));
      e.put("namespace", pod.namespace());
      ArrayNode labels = e.putArray("labels");
      Map<String, String> all = new TreeMap<>();
      // Cilium leaves the controllers' volatile labels out of identities.
      pod.labels()
          .forEach(
              (k, v) -> {
                if (!k.equals("pod-template-hash")
                    && !k.equals("controller-revision-hash")
                    && !k.equals("pod-template-generation")
                    && !k.startsWith("statefulset.kubernetes.io/")
                    && !k.startsWith("apps.kubernetes.io/")
                    && !k.startsWith("batch.kubernetes.io/")
                    && !k.equals("controller-uid")) {
                  all.put(k, v);
                }
              });
      all.put("io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", pod.namespace());
      all.put("io.kubernetes.pod.namespace", pod.namespace());
      all.forEach((k, v) -> labels.add("k8s:" + k + "=" + v));
      e.put("pod_name", pod.name());
      if (withWorkloads) {
        ObjectNode w = e.putArray("workloads").addObject();
        w.put("name", pod.workload());
        w.put("kind", pod.owner());
      }
    } else if (p instanceof Node n) {
      boolean own = n.name().equals(at);
      e.put("identity", own ? 1 : 6);
      e.putArray("labels").add(own ? "reserved:host" : "reserved:remote-node");
    } else if (p instanceof ApiServer) {
      e.put("identity", 7);
      e.putArray("labels").add("reserved:kube-apiserver");
    } else {
      e.put("identity", 2);
      e.putArray("labels").add("reserved:world");
    }
    return e;
  }
}
