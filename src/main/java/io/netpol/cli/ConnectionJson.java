package io.netpol.cli;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a stored connection, which scripts depend on: {@code client}, {@code server}
 * (endpoints with kind, namespace, workload, labels, ip, and since they were added {@code peer} —
 * what the endpoint is: pod, node, internet, private-network, network-set, host-endpoint, ... — and
 * {@code display}, the table's words), {@code port}, {@code protocol}, {@code verdict}, {@code
 * count}, {@code firstSeen}, {@code lastSeen}. Fields are only ever added.
 */
final class ConnectionJson {
  private ConnectionJson() {}

  static Map<String, Object> connection(ObservedConnection c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client", endpoint(c.client()));
    m.put("server", endpoint(c.server()));
    m.put("port", c.port());
    m.put("protocol", c.protocol().name());
    m.put("verdict", c.verdict().wireName());
    m.put("count", c.count());
    m.put("firstSeen", time(c.firstSeenMs()));
    m.put("lastSeen", time(c.lastSeenMs()));
    return m;
  }

  static Map<String, Object> endpoint(Endpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().wireName());
    m.put("namespace", e.namespace());
    m.put("workload", e.workload());
    m.put("labels", e.labels());
    m.put("ip", e.ip());
    if (e.name() != null) {
      m.put("name", e.name());
    }
    if (!e.dnsNames().isEmpty()) {
      m.put("dnsNames", e.dnsNames());
    }
    if (e.ownNode()) {
      m.put("ownNode", true);
    }
    m.put("peer", e.peerClass());
    m.put("display", e.display());
    return m;
  }

  static String time(long ms) {
    return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
  }
}
