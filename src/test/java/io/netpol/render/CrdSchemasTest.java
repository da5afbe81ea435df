package io.netpol.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator itself: it must refuse what the API server would refuse or silently prune. */
class CrdSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode cnp(String egress) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"apiVersion\":\"cilium.io/v2\",\"kind\":\"CiliumNetworkPolicy\","
                + "\"metadata\":{\"name\":\"x\",\"namespace\":\"a\"},"
                + "\"spec\":{\"endpointSelector\":{},\"egress\":["
                + egress
                + "]}}");
  }

  @Test
  void a_valid_policy_passes() throws Exception {
    assertEquals(List.of(), CrdSchemas.errors(cnp("{\"toEntities\":[\"world\"]}")));
  }

  @Test
  void an_unknown_field_is_refused_because_the_api_server_would_prune_it() throws Exception {
    assertFalse(CrdSchemas.errors(cnp("{\"toFQDN\":[{\"matchName\":\"a.b\"}]}")).isEmpty());
  }

  @Test
  void a_value_outside_an_enum_is_refused() throws Exception {
    assertFalse(CrdSchemas.errors(cnp("{\"toEntities\":[\"internet\"]}")).isEmpty());
  }

  @Test
  void a_cluster_network_policy_peer_with_two_fields_is_refused() throws Exception {
    ObjectNode cnp =
        (ObjectNode)
            JSON.readTree(
                "{\"apiVersion\":\"policy.networking.k8s.io/v1alpha2\","
                    + "\"kind\":\"ClusterNetworkPolicy\",\"metadata\":{\"name\":\"x\"},"
                    + "\"spec\":{\"tier\":\"Baseline\",\"priority\":1,"
                    + "\"subject\":{\"namespaces\":{}},\"egress\":[{\"action\":\"Deny\","
                    + "\"to\":[{\"namespaces\":{},\"networks\":[\"0.0.0.0/0\"]}]}]}}");
    assertFalse(CrdSchemas.errors(cnp).isEmpty());
  }
}
