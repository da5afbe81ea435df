package io.netpol.recommend.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.recommend.scenario.Traffic.ApiServer;
import io.netpol.recommend.scenario.Traffic.Conn;
import io.netpol.recommend.scenario.Traffic.NetSet;
import io.netpol.recommend.scenario.Traffic.Node;
import io.netpol.recommend.scenario.Traffic.Peer;
import io.netpol.recommend.scenario.Traffic.Pod;
import io.netpol.recommend.scenario.Traffic.PrivateNet;
import io.netpol.recommend.scenario.Traffic.World;
import java.time.Instant;
import java.util.List;

/**
 * Traffic as Calico Enterprise writes {@code flows.log}: one record per connection and reporter (an
 * allowed pod-to-pod flow once from each end, a flow with a network only from the pod's end).
 * {@code masked} is Calico's default aggregation for allowed flows: pod names and every address
 * hidden (name_aggr only, {@code pub}/{@code pvt} for networks); otherwise names and addresses are
 * kept.
 */
public final class CalicoWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long INTERVAL = 300;

  private final boolean masked;
  private final long start;

  public CalicoWriter(Instant start, boolean masked) {
    this.start = start.getEpochSecond();
    this.masked = masked;
  }

  public String write(List<Conn> conns) {
    StringBuilder out = new StringBuilder();
    long t = start;
    for (Conn c : conns) {
      if (c.client() instanceof Pod) {
        out.append(record(c, "src", t));
      }
      if (c.server() instanceof Pod) {
        out.append(record(c, "dst", t));
      }
      t += 1;
    }
    return out.toString();
  }

  private String record(Conn c, String reporter, long t) {
    ObjectNode r = JSON.createObjectNode();
    r.put("start_time", t);
    r.put("end_time", t + INTERVAL);
    side(r, "source", c.client());
    side(r, "dest", c.server());
    r.put("dest_port", c.port());
    if (c.server() instanceof ApiServer) {
      r.put("dest_service_namespace", "default");
      r.put("dest_service_name", "kubernetes");
      r.put("dest_service_port", "https");
    } else if (c.server() instanceof Pod p) {
      r.put("dest_service_namespace", p.namespace());
      r.put("dest_service_name", p.workload());
    } else {
      r.put("dest_service_namespace", "-");
      r.put("dest_service_name", "-");
    }
    if (c.server() instanceof World w && w.dnsName() != null) {
      r.putArray("dest_domains").add(w.dnsName());
    }
    r.put("proto", c.protocol().toLowerCase());
    r.put("action", "allow");
    r.put("reporter", reporter);
    ObjectNode policies = r.putObject("policies");
    policies
        .putArray("all_policies")
        .add(
            "0|__PROFILE__|__PROFILE__.kns."
                + namespaceOf(reporter.equals("src") ? c.client() : c.server())
                + "|allow|0");
    r.put("num_flows", c.count());
    r.put("num_flows_started", c.count());
    r.put("num_flows_completed", c.count());
    return r + "\n";
  }

  private static String namespaceOf(Peer p) {
    return p instanceof Pod pod ? pod.namespace() : "-";
  }

  private void side(ObjectNode r, String prefix, Peer p) {
    String ip;
    String name;
    String aggr;
    String ns = "-";
    String type;
    ArrayNode labels = null;
    if (p instanceof Pod pod) {
      ip = pod.ip();
      name = pod.name();
      aggr = pod.aggregatedName();
      ns = pod.namespace();
      type = "wep";
      labels = JSON.createArrayNode();
      for (var e : new java.util.TreeMap<>(pod.labels()).entrySet()) {
        labels.add(e.getKey() + "=" + e.getValue());
      }
    } else if (p instanceof Node n) {
      ip = n.ip();
      name = n.name() + "-auto-hep";
      aggr = name;
      type = "hep";
    } else if (p instanceof World w) {
      ip = w.ip();
      name = "-";
      aggr = "pub";
      type = "net";
    } else if (p instanceof PrivateNet n) {
      ip = n.ip();
      name = "-";
      aggr = "pvt";
      type = "net";
    } else if (p instanceof ApiServer a) {
      ip = a.ip();
      name = "-";
      aggr = "pvt";
      type = "net";
    } else {
      NetSet s = (NetSet) p;
      ip = s.ip();
      name = s.name();
      aggr = s.name();
      ns = s.namespace() == null ? "-" : s.namespace();
      type = "ns";
    }
    if (masked) {
      r.putNull(prefix + "_ip");
      r.put(prefix + "_name", "-");
    } else {
      r.put(prefix + "_ip", ip);
      r.put(prefix + "_name", name);
    }
    r.put(prefix + "_name_aggr", aggr);
    r.put(prefix + "_namespace", ns);
    r.put(prefix + "_type", type);
    ObjectNode l = r.putObject(prefix + "_labels");
    l.set("labels", labels == null ? JSON.createArrayNode() : labels);
  }
}
