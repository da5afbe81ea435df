package io.netpol.kafka;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.proto.v1.ConnectionVerdict;
import io.netpol.proto.v1.EndpointRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Our normal form to and from the protobuf messages on the edge topic. */
final class EdgeCodec {

  static final String EDGE_KEY_PREFIX = "edge:";
  static final String NAMESPACE_KEY_PREFIX = "namespace:";

  private EdgeCodec() {}

  /** The record key of an edge: every delta of one edge lands on one partition, in order. */
  static byte[] key(EdgeKey edge) {
    return (EDGE_KEY_PREFIX
            + edge.clientKey()
            + " > "
            + edge.serverKey()
            + " "
            + edge.port()
            + "/"
            + edge.protocol().name()
            + " "
            + edge.verdict().wireName())
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] namespaceKey(String namespace) {
    return (NAMESPACE_KEY_PREFIX + namespace).getBytes(StandardCharsets.UTF_8);
  }

  static EndpointRef ref(Endpoint e) {
    EndpointRef.Builder b =
        EndpointRef.newBuilder().setKind(e.kind().wireName()).setOwnNode(e.ownNode());
    if (e.namespace() != null) {
      b.setNamespace(e.namespace());
    }
    if (e.workload() != null) {
      b.setWorkload(e.workload());
    }
    if (e.name() != null) {
      b.setName(e.name());
    }
    if (e.ip() != null) {
      b.setIp(e.ip());
    }
    e.labels().forEach((k, v) -> b.addLabels(k + "=" + v));
    b.addAllDnsNames(e.dnsNames());
    return b.build();
  }

  static Endpoint endpoint(EndpointRef r) {
    SortedMap<String, String> labels = new TreeMap<>();
    for (String kv : r.getLabelsList()) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        labels.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return new Endpoint(
        EndpointKind.fromWireName(r.getKind()),
        emptyToNull(r.getNamespace()),
        emptyToNull(r.getWorkload()),
        emptyToNull(r.getName()),
        labels,
        emptyToNull(r.getIp()),
        new TreeSet<>(r.getDnsNamesList()),
        r.getOwnNode());
  }

  static ConnectionVerdict verdict(Verdict v) {
    switch (v) {
      case ALLOWED:
        return ConnectionVerdict.ALLOWED;
      case AUDIT:
        return ConnectionVerdict.AUDIT;
      case DENIED:
        return ConnectionVerdict.DENIED;
      default:
        throw new IllegalArgumentException(v.toString());
    }
  }

  static Verdict verdict(ConnectionVerdict v) {
    switch (v) {
      case ALLOWED:
        return Verdict.ALLOWED;
      case AUDIT:
        return Verdict.AUDIT;
      case DENIED:
        return Verdict.DENIED;
      default:
        throw new IllegalArgumentException("unknown verdict " + v);
    }
  }

  static Protocol protocol(String name) {
    return Protocol.valueOf(name);
  }

  static SortedMap<String, String> labels(Iterable<String> pairs) {
    SortedMap<String, String> out = new TreeMap<>();
    for (String kv : pairs) {
      int eq = kv.indexOf('=');
      out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
    }
    return out;
  }

  static Iterable<String> pairs(Map<String, String> labels) {
    TreeSet<String> out = new TreeSet<>();
    labels.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
