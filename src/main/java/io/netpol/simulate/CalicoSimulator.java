package io.netpol.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netpol.simulate.VotingApp.Flow;
import io.netpol.simulate.VotingApp.Pod;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the voting app's traffic as Calico Enterprise {@code flows.log} records: one record per
 * 5-minute interval, flow and reporter, so an allowed pod-to-pod flow appears from both ends, and
 * the kubelet probes of each pod, reported by its node from the node's host endpoint (as with
 * {@code flowLogsEnableHostEndpoint}).
 */
final class CalicoSimulator {
  private static final long INTERVAL_SECONDS = 300;

  private final JsonGenerator json;
  private final long lineLimit;
  private long start;
  private long lines;

  CalicoSimulator(Writer out, Instant start, long lineLimit) throws IOException {
    this.json = new JsonFactory().createGenerator(out);
    this.json.setRootValueSeparator(null);
    this.start = start.getEpochSecond();
    this.lineLimit = lineLimit;
  }

  long run() throws IOException {
    List<Flow> flows = new ArrayList<>(VotingApp.FLOWS);
    for (Pod pod : VotingApp.APP_PODS) {
      flows.add(new Flow(pod, VotingApp.COREDNS, 53, "UDP"));
    }
    int interval = 0;
    while (lines < lineLimit) {
      for (Flow f : flows) {
        int numFlows = 20 + (interval * 7 + f.port()) % 40;
        record(f, "src", numFlows);
        record(f, "dst", numFlows);
      }
      for (Flow probe : VotingApp.PROBES) {
        record(probe, "dst", 30);
      }
      start += INTERVAL_SECONDS;
      interval++;
    }
    json.flush();
    return lines;
  }

  private void record(Flow f, String reporter, int numFlows) throws IOException {
    if (lines >= lineLimit) {
      return;
    }
    json.writeStartObject();
    json.writeNumberField("start_time", start);
    json.writeNumberField("end_time", start + INTERVAL_SECONDS);
    json.writeStringField("host", reporter.equals("src") ? f.client().node() : f.server().node());
    if (f.client() == null) {
      ownNode("source", f.server().node());
    } else {
      side("source", f.client(), false);
    }
    side("dest", f.server(), true);
    json.writeNumberField("dest_port", f.port());
    if (f.client() == null) {
      // The kubelet probes the pod's own address, not a service.
      json.writeStringField("dest_service_namespace", "-");
      json.writeStringField("dest_service_name", "-");
      json.writeStringField("dest_service_port", "-");
      json.writeNullField("dest_service_port_num");
    } else {
      json.writeStringField("dest_service_namespace", f.server().namespace());
      json.writeStringField("dest_service_name", f.server().workload());
      json.writeStringField("dest_service_port", f.port() == 53 ? "dns" : "http");
      json.writeNumberField("dest_service_port_num", f.port());
    }
    json.writeStringField("proto", f.protocol().toLowerCase());
    json.writeStringField("action", "allow");
    json.writeStringField("reporter", reporter);
    json.writeObjectFieldStart("policies");
    json.writeArrayFieldStart("all_policies");
    json.writeString(
        "0|__PROFILE__|__PROFILE__.kns."
            + (reporter.equals("src") ? f.client() : f.server()).namespace()
            + "|allow|0");
    json.writeEndArray();
    json.writeEndObject();
    json.writeNumberField("bytes_in", numFlows * 900L);
    json.writeNumberField("bytes_out", numFlows * 4200L);
    json.writeNumberField("num_flows", numFlows);
    json.writeNumberField("num_flows_started", numFlows);
    json.writeNumberField("num_flows_completed", numFlows);
    json.writeNumberField("packets_in", numFlows * 6L);
    json.writeNumberField("packets_out", numFlows * 6L);
    json.writeEndObject();
    json.writeRaw('\n');
    lines++;
  }

  private void side(String prefix, Pod pod, boolean dest) throws IOException {
    json.writeStringField(prefix + "_ip", pod.ip());
    json.writeStringField(prefix + "_name", pod.name());
    json.writeStringField(prefix + "_name_aggr", aggregated(pod));
    json.writeStringField(prefix + "_namespace", pod.namespace());
    json.writeStringField(prefix + "_type", "wep");
    json.writeObjectFieldStart(prefix + "_labels");
    json.writeArrayFieldStart("labels");
    for (var e : new java.util.TreeMap<>(pod.labels()).entrySet()) {
      json.writeString(e.getKey() + "=" + e.getValue());
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** The automatic host endpoint of {@code node}, as the source of its kubelet's probes. */
  private void ownNode(String prefix, String node) throws IOException {
    json.writeStringField(prefix + "_ip", HubbleTopology.VOTING_APP.nodeIp(node));
    json.writeStringField(prefix + "_name", node + "-auto-hep");
    json.writeStringField(prefix + "_name_aggr", node + "-auto-hep");
    json.writeStringField(prefix + "_namespace", "-");
    json.writeStringField(prefix + "_type", "hep");
    json.writeObjectFieldStart(prefix + "_labels");
    json.writeArrayFieldStart("labels");
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * Calico aggregates a ReplicaSet's pods as {@code <name>-<hash>-*}; other pods keep their name.
   */
  private static String aggregated(Pod pod) {
    String hash = pod.labels().get("pod-template-hash");
    return hash != null ? pod.workload() + "-" + hash + "-*" : pod.name();
  }
}
