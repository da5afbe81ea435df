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
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * Traffic as Calico OSS Goldmane reports it: no address at all. A network is {@code pub} or {@code
 * pvt} (the API server too: it is a private address), a network set its name, a host its host
 * endpoint name, a pod its aggregated name. Written as the HTTP push emitter's NDJSON (snake_case,
 * {@code Key}, enums as numbers) or as protojson (camelCase, enum names, int64 as strings).
 */
public final class GoldmaneWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long INTERVAL = 15;
  private static final String[] TYPES = {
    "WorkloadEndpoint", "HostEndpoint", "NetworkSet", "Network"
  };

  private final boolean protojson;
  private final long start;

  public GoldmaneWriter(Instant start, boolean protojson) {
    this.start = start.getEpochSecond();
    this.protojson = protojson;
  }

  public String write(List<Conn> conns) {
    StringBuilder out = new StringBuilder();
    long t = start;
    for (Conn c : conns) {
      if (c.client() instanceof Pod) {
        out.append(record(c, 1, t));
      }
      if (c.server() instanceof Pod) {
        out.append(record(c, 2, t));
      }
      t += INTERVAL;
    }
    return out.toString();
  }

  private String record(Conn c, int reporter, long t) {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode k = r.putObject("Key");
    side(k, "source", c.client());
    side(k, "dest", c.server());
    k.set(name("dest_port"), number(c.port()));
    if (c.server() instanceof ApiServer) {
      k.put(name("dest_service_name"), "kubernetes");
      k.put(name("dest_service_namespace"), "default");
    } else {
      k.put(name("dest_service_name"), "-");
      k.put(name("dest_service_namespace"), "-");
    }
    k.put("proto", c.protocol().toLowerCase());
    if (protojson) {
      k.put("reporter", reporter == 1 ? "Src" : "Dst");
      k.put("action", "Allow");
    } else {
      k.put("reporter", reporter);
      k.put("action", 1);
    }
    k.putObject("policies");
    r.set(name("start_time"), number(t));
    r.set(name("end_time"), number(t + INTERVAL));
    labels(r, "source_labels", c.client());
    labels(r, "dest_labels", c.server());
    r.set(name("num_connections_started"), number(c.count()));
    r.set(name("num_connections_completed"), number(c.count()));
    r.set(name("num_connections_live"), number(0));
    return r + "\n";
  }

  private void side(ObjectNode k, String prefix, Peer p) {
    String name;
    String ns = "-";
    int type;
    if (p instanceof Pod pod) {
      name = pod.aggregatedName();
      ns = pod.namespace();
      type = 1;
    } else if (p instanceof Node n) {
      name = n.name() + "-auto-hep";
      type = 2;
    } else if (p instanceof NetSet s) {
      name = s.name();
      ns = s.namespace() == null ? "-" : s.namespace();
      type = 3;
    } else if (p instanceof Traffic.World) {
      name = "pub";
      type = 4;
    } else {
      name = "pvt";
      type = 4;
    }
    k.put(name(prefix + "_name"), name);
    k.put(name(prefix + "_namespace"), ns);
    if (protojson) {
      k.put(name(prefix + "_type"), TYPES[type - 1]);
    } else {
      k.put(name(prefix + "_type"), type);
    }
  }

  private void labels(ObjectNode r, String field, Peer p) {
    ArrayNode labels = r.putArray(name(field));
    if (p instanceof Pod pod) {
      new TreeMap<>(pod.labels()).forEach((key, v) -> labels.add(key + "=" + v));
    }
  }

  /** snake_case for the emitter, camelCase for protojson. */
  private String name(String snake) {
    if (!protojson) {
      return snake;
    }
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return out.toString();
  }

  /** int64 fields are strings in protojson. */
  private com.fasterxml.jackson.databind.JsonNode number(long n) {
    return protojson
        ? JSON.getNodeFactory().textNode(Long.toString(n))
        : JSON.getNodeFactory().numberNode(n);
  }
}
