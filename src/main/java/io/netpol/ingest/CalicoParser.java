package io.netpol.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netpol.flow.Endpoint;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.LabelPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads Calico flow-log records: Calico Enterprise / Cloud {@code flows.log} lines and Calico OSS
 * Goldmane flows, both the NDJSON of its HTTP emitter (snake_case, {@code Key}, enums as numbers)
 * and protojson (camelCase, enum names, int64 as strings). These records are already aggregated per
 * interval, so one record becomes one {@link ObservedConnection} carrying its flow count.
 */
final class CalicoParser {

  private final LabelPolicy labelPolicy;
  private final LabelLimits labelLimits;

  CalicoParser(LabelPolicy labelPolicy) {
    this.labelPolicy = labelPolicy;
    this.labelLimits = labelPolicy.limits();
  }

  /** True for records that look like Calico Enterprise flow logs. */
  static boolean isEnterprise(JsonNode record) {
    return record.has("source_name_aggr")
        || record.has("dest_name_aggr")
        || (record.has("start_time") && record.has("reporter") && record.has("action"));
  }

  /** True for records that look like Goldmane flows. */
  static boolean isGoldmane(JsonNode record) {
    JsonNode key = key(record);
    return key != null && key.isObject();
  }

  private static JsonNode key(JsonNode record) {
    JsonNode key = record.get("Key");
    return key != null ? key : record.get("key");
  }

  void parse(JsonNode record, IngestSink sink) {
    JsonNode key = key(record);
    if (key != null && key.isObject()) {
      parseGoldmane(record, key, sink);
    } else {
      parseEnterprise(record, sink);
    }
  }

  private void parseEnterprise(JsonNode r, IngestSink sink) {
    Side src = side(r, "source_", r.path("source_labels"));
    Side dst = side(r, "dest_", r.path("dest_labels"));
    reportCuts(src, dst, sink);
    Protocol protocol = protocol(text(r, "proto"));
    Verdict verdict = verdict(text(r, "action"), policies(r.path("policies"), "pending_policies"));
    IngestSink.Reporter reporter = reporter(text(r, "reporter"));
    String host = dash(text(r, "host"));
    Endpoint client =
        src.onNode(
            src.endpoint(null, null, null, labelPolicy),
            host,
            reporter == IngestSink.Reporter.DESTINATION && "wep".equals(dst.type));
    Endpoint server =
        dst.onNode(
            dst.endpoint(
                text(r, "dest_service_namespace"),
                text(r, "dest_service_name"),
                FlowFields.dnsNames(strings(r.path("dest_domains")), "dest_domains"),
                labelPolicy),
            host,
            reporter == IngestSink.Reporter.SOURCE && "wep".equals(src.type));
    long start = Timestamps.unixSecondsToMillis(required(r, "start_time"));
    long end = r.has("end_time") ? Timestamps.unixSecondsToMillis(text(r, "end_time")) : start;
    long count = Math.max(1, r.path("num_flows").asLong(1));
    int port = protocol == Protocol.ICMP ? 0 : port(r.get("dest_port"));
    sink.report(
        new ObservedConnection(client, server, port, protocol, verdict, count, start, end),
        reporter);
  }

  private void parseGoldmane(JsonNode r, JsonNode k, IngestSink sink) {
    Side src = goldmaneSide(k, "source", first(r, "source_labels", "sourceLabels"));
    Side dst = goldmaneSide(k, "dest", first(r, "dest_labels", "destLabels"));
    reportCuts(src, dst, sink);
    Protocol protocol = protocol(text(k, "proto"));
    JsonNode policies = k.path("policies");
    List<String> pending = new ArrayList<>();
    for (JsonNode hit : first(policies, "pending_policies", "pendingPolicies")) {
      pending.add(
          hit.path("policy_index").asText(hit.path("policyIndex").asText("0"))
              + "|"
              + hit.path("tier").asText("")
              + "|"
              + hit.path("name").asText("")
              + "|"
              + goldmaneAction(hit.get("action"))
              + "|"
              + hit.path("rule_index").asText(hit.path("ruleIndex").asText("0")));
    }
    Verdict verdict = verdict(goldmaneAction(k.get("action")), pending);
    Endpoint client = src.endpoint(null, null, null, labelPolicy);
    Endpoint server =
        dst.endpoint(
            text(k, "dest_service_namespace", "destServiceNamespace"),
            text(k, "dest_service_name", "destServiceName"),
            null,
            labelPolicy);
    long start = Timestamps.unixSecondsToMillis(required(r, "start_time", "startTime"));
    String endText = text(r, "end_time", "endTime");
    long end = endText != null ? Timestamps.unixSecondsToMillis(endText) : start;
    long started = first(r, "num_connections_started", "numConnectionsStarted").asLong(0);
    long live = first(r, "num_connections_live", "numConnectionsLive").asLong(0);
    long count = Math.max(1, started > 0 ? started : live);
    int port = protocol == Protocol.ICMP ? 0 : port(first(k, "dest_port", "destPort"));
    String reporter = k.has("reporter") ? goldmaneEnum(k.get("reporter"), "", "src", "dst") : null;
    sink.report(
        new ObservedConnection(client, server, port, protocol, verdict, count, start, end),
        reporter(reporter));
  }

  private Side side(JsonNode r, String prefix, JsonNode labels) {
    Side s = new Side();
    s.type = text(r, prefix + "type");
    s.namespace = dash(text(r, prefix + "namespace"));
    s.name = dash(text(r, prefix + "name"));
    s.nameAggr = dash(text(r, prefix + "name_aggr"));
    s.ip = FlowFields.ip(dash(text(r, prefix + "ip")), prefix + "ip");
    s.labels = labels(labelStrings(labels), s.cut);
    if (s.type == null || "file".equals(s.type)) {
      // Vector's own source_type:"file" replaced Calico's when the records were merged.
      s.type = null;
    }
    return s;
  }

  private Side goldmaneSide(JsonNode k, String prefix, JsonNode labels) {
    Side s = new Side();
    s.type =
        goldmaneEnum(first(k, prefix + "_type", prefix + "Type"), null, "wep", "hep", "ns", "net");
    s.namespace = dash(text(k, prefix + "_namespace", prefix + "Namespace"));
    s.nameAggr = dash(text(k, prefix + "_name", prefix + "Name"));
    s.labels = labels(labelStrings(labels), s.cut);
    return s;
  }

  /** The labels the limits keep; what they leave out is counted in {@code cut}. */
  private List<String> labels(List<String> all, LabelCut cut) {
    List<String> kept = new ArrayList<>(Math.min(all.size(), labelLimits.perEndpoint()));
    for (String label : all) {
      if (cut.admits(labelLimits, kept.size(), label.length())) {
        kept.add(label);
      }
    }
    return kept;
  }

  private static void reportCuts(Side a, Side b, IngestSink sink) {
    for (Side s : new Side[] {a, b}) {
      if (s.cut.any()) {
        sink.labelsCut(s.cut);
      }
    }
  }

  private static List<String> labelStrings(JsonNode labels) {
    JsonNode list = labels.isObject() ? labels.path("labels") : labels;
    List<String> out = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(l -> out.add(l.asText()));
    } else if (list.isTextual() && !list.asText().isEmpty()) {
      for (String part : list.asText().split(",")) {
        out.add(part.trim());
      }
    } else if (labels.isObject() && !labels.has("labels")) {
      labels.properties().forEach(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    }
    return out;
  }

  /** One side of a Calico record before classification. */
  private static final class Side {
    final LabelCut cut = new LabelCut();
    String type;
    String namespace;
    String name;
    String nameAggr;
    String ip;
    List<String> labels;

    /** Calico names a node's automatic host endpoint after the node. */
    private static final String AUTO_HEP = "-auto-hep";

    /**
     * The host endpoint {@code e} of this side as the own node of the pod on the other side, when
     * that pod is on the node that reported the record ({@code host}) and this host endpoint is
     * that node's: then Kubernetes always allows the traffic (kubelet probes).
     */
    Endpoint onNode(Endpoint e, String host, boolean peerIsLocalPod) {
      if (e.kind() != io.netpol.flow.EndpointKind.HOST || host == null || !peerIsLocalPod) {
        return e;
      }
      String hep = nameAggr != null ? nameAggr : name;
      String node =
          hep != null && hep.endsWith(AUTO_HEP)
              ? hep.substring(0, hep.length() - AUTO_HEP.length())
              : hep;
      return host.equals(node) ? Endpoint.ownNode(host, e.ip()) : e;
    }

    Endpoint endpoint(
        String serviceNamespace, String serviceName, List<String> domains, LabelPolicy policy) {
      String svcNs = dash(serviceNamespace);
      String svc = dash(serviceName);
      if ("default".equals(svcNs) && "kubernetes".equals(svc) && !"wep".equals(type)) {
        return Endpoint.apiserver(ip);
      }
      String kind = type != null ? type : inferType();
      switch (kind) {
        case "wep":
          {
            if (namespace == null) {
              throw new MalformedRecordException("workload endpoint without a namespace");
            }
            Map<String, String> all = LabelPolicy.parseKeyValues(labels);
            String podName = nameAggr != null ? nameAggr : name;
            String workload =
                podName != null
                    ? WorkloadNames.fromPodName(podName, all)
                    : WorkloadNames.fromLabels(all);
            return Endpoint.pod(namespace, workload, policy.stable(all));
          }
        case "hep":
          return Endpoint.host(ip, nameAggr != null ? nameAggr : name);
        case "ns":
          return Endpoint.network(namespace, nameAggr, ip);
        case "net":
        default:
          if (svc != null && svcNs != null && ip == null) {
            return Endpoint.service(svcNs, svc);
          }
          if ("pvt".equals(nameAggr) || (ip != null && io.netpol.flow.IpAddresses.isPrivate(ip))) {
            return Endpoint.network(null, "pvt", ip);
          }
          return Endpoint.world(
              ip, domains == null || domains.isEmpty() ? null : new TreeSet<>(domains));
      }
    }

    private String inferType() {
      if (namespace != null) {
        return "wep";
      }
      return "net";
    }
  }

  /**
   * The verdict, with staged policies considered: an allowed flow that a pending (staged) policy
   * would deny is AUDIT, the same as a Hubble audit-mode verdict.
   */
  static Verdict verdict(String action, List<String> pendingPolicies) {
    if (action == null) {
      throw new MalformedRecordException("no action");
    }
    switch (action.toLowerCase(Locale.ROOT)) {
      case "deny":
        return Verdict.DENIED;
      case "allow":
        return "deny".equals(decisiveAction(pendingPolicies)) ? Verdict.AUDIT : Verdict.ALLOWED;
      default:
        throw new MalformedRecordException("unknown action \"" + action + "\"");
    }
  }

  /**
   * Policy hits are {@code index|tier|name|action|rule} (the name may be the legacy {@code
   * namespace/tier.policy} form or the newer {@code kind:...} form). Tiers are evaluated in index
   * order and {@code pass} hands over to the next tier, so the first allow or deny decides.
   */
  static String decisiveAction(List<String> hits) {
    String decided = null;
    long decidedIndex = Long.MAX_VALUE;
    for (String hit : hits) {
      String[] parts = hit.split("\\|");
      if (parts.length < 4) {
        continue;
      }
      String action = parts[parts.length - 2].toLowerCase(Locale.ROOT);
      if (!action.equals("allow") && !action.equals("deny")) {
        continue;
      }
      long index;
      try {
        index = Long.parseLong(parts[0].trim());
      } catch (NumberFormatException e) {
        index = Long.MAX_VALUE - 1;
      }
      if (index < decidedIndex) {
        decidedIndex = index;
        decided = action;
      }
    }
    return decided;
  }

  private static List<String> policies(JsonNode policies, String field) {
    return strings(policies.path(field));
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static String goldmaneAction(JsonNode action) {
    return goldmaneEnum(action, null, "allow", "deny", "pass");
  }

  /** Goldmane enums arrive as numbers (1-based after Unspecified) or as names. */
  private static String goldmaneEnum(JsonNode value, String unspecified, String... names) {
    if (value == null || value.isNull()) {
      return unspecified;
    }
    if (value.isNumber() || value.asText().matches("\\d+")) {
      int i = value.asInt();
      return i >= 1 && i <= names.length ? names[i - 1] : unspecified;
    }
    String text = value.asText().toLowerCase(Locale.ROOT);
    switch (text) {
      case "workloadendpoint":
        return "wep";
      case "hostendpoint":
        return "hep";
      case "networkset":
        return "ns";
      case "network":
        return "net";
      default:
        return text.endsWith("unspecified") ? unspecified : text;
    }
  }

  private static Protocol protocol(String text) {
    Protocol p = Protocol.parse(text);
    if (p == null) {
      throw new MalformedRecordException("unknown protocol \"" + text + "\"");
    }
    return p;
  }

  private static int port(JsonNode node) {
    if (node == null || node.isNull() || !node.asText().matches("\\d{1,5}")) {
      throw new MalformedRecordException("no destination port");
    }
    int port = node.asInt();
    if (port > 65535) {
      throw new MalformedRecordException("port " + port + " out of range");
    }
    return port;
  }

  private static IngestSink.Reporter reporter(String text) {
    if (text == null) {
      return null;
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "src":
        return IngestSink.Reporter.SOURCE;
      case "dst":
        return IngestSink.Reporter.DESTINATION;
      default:
        return null;
    }
  }

  private static JsonNode first(JsonNode node, String a, String b) {
    JsonNode v = node.get(a);
    return v != null ? v : node.path(b);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String text(JsonNode node, String a, String b) {
    String v = text(node, a);
    return v != null ? v : text(node, b);
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v == null) {
      throw new MalformedRecordException("no " + field);
    }
    return v;
  }

  private static String required(JsonNode node, String a, String b) {
    String v = text(node, a, b);
    if (v == null) {
      throw new MalformedRecordException("no " + a);
    }
    return v;
  }

  private static String dash(String value) {
    return value == null || value.isEmpty() || value.equals("-") ? null : value;
  }
}
