package io.netpol.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Calico flows.log record of an allowed pod-to-pod TCP flow, for tests to change and write. */
final class CalicoRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CalicoRecord() {}

  /**
   * {@code client} to {@code server}, each {@code namespace/workload} with one label, port {@code
   * port}.
   */
  static ObjectNode allowed(
      String clientNs,
      String clientWorkload,
      String clientLabel,
      String serverNs,
      String serverWorkload,
      String serverLabel,
      int port) {
    ObjectNode r = JSON.createObjectNode();
    r.put("start_time", 1_795_168_800L);
    r.put("end_time", 1_795_169_100L);
    r.put("source_name_aggr", clientWorkload + "-7d9f8b5c4d-*");
    r.put("source_namespace", clientNs);
    r.put("source_type", "wep");
    r.putObject("source_labels").putArray("labels").add(clientLabel);
    r.put("dest_name_aggr", serverWorkload + "-5b8c7d9f6c-*");
    r.put("dest_namespace", serverNs);
    r.put("dest_type", "wep");
    r.putObject("dest_labels").putArray("labels").add(serverLabel);
    r.put("dest_port", port);
    r.put("proto", "tcp");
    r.put("action", "allow");
    r.put("reporter", "src");
    r.put("num_flows", 3);
    return r;
  }
}
