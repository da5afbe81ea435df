package io.netpol.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calico Enterprise {@code flows.log} records shaped like real ones: a base record (an aggregated
 * allowed flow voting-frontend/frontend -> voting-api/api:8000 from the source reporter) and field
 * overrides given as JSON, so each test shows only what it changes.
 */
final class CalicoLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long START = 1_795_168_800L;

  private static final String BASE =
      """
      {"start_time":1795168800,"end_time":1795169100,
       "source_ip":null,"source_name":"-","source_name_aggr":"frontend-7d9f8b5c4d-*",
       "source_namespace":"voting-frontend","source_port":null,"source_type":"wep",
       "source_labels":{"labels":["app.kubernetes.io/name=frontend","pod-template-hash=7d9f8b5c4d"]},
       "dest_ip":null,"dest_name":"-","dest_name_aggr":"api-5b8c7d9f6c-*","dest_namespace":"voting-api",
       "dest_port":8000,"dest_type":"wep",
       "dest_labels":{"labels":["app.kubernetes.io/name=api","pod-template-hash=5b8c7d9f6c"]},
       "dest_service_namespace":"voting-api","dest_service_name":"api","dest_service_port":"http",
       "dest_service_port_num":8000,"dest_domains":null,
       "proto":"tcp","action":"allow","reporter":"src",
       "policies":{"all_policies":["0|default|voting-api/default.allow-frontend|allow|0"]},
       "bytes_in":9000,"bytes_out":42000,"num_flows":12,"num_flows_started":12,"num_flows_completed":12,
       "packets_in":60,"packets_out":60,"process_name":"-","num_process_names":0,"process_args":["-"],
       "original_source_ips":null,"num_original_source_ips":0}
      """;

  private CalicoLines() {}

  /** The base record with {@code overrides} (a JSON object, may be empty) applied on top. */
  static String record(String overrides) {
    return node(overrides).toString();
  }

  static ObjectNode node(String overrides) {
    try {
      ObjectNode base = (ObjectNode) JSON.readTree(BASE);
      JsonNode over = JSON.readTree(overrides.isBlank() ? "{}" : overrides);
      over.properties().forEach(e -> base.set(e.getKey(), e.getValue()));
      return base;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(overrides, e);
    }
  }
}
