package io.netpol.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Calico's staged policy kinds: the same policy, enforcing nothing, whose verdicts Calico reports
 * as pending policy hits (which {@code observe} stores as audit connections). Shared by the {@code
 * calico-staged} format and staged rollout steps.
 */
public final class StagedPolicies {

  /** Calico's API version of every staged kind. */
  public static final String API_VERSION = "projectcalico.org/v3";

  private static final Map<String, String> STAGED =
      Map.of(
          "networking.k8s.io/v1/NetworkPolicy",
          "StagedKubernetesNetworkPolicy",
          API_VERSION + "/NetworkPolicy",
          "StagedNetworkPolicy",
          API_VERSION + "/GlobalNetworkPolicy",
          "StagedGlobalNetworkPolicy");

  private StagedPolicies() {}

  /** Whether {@code object} is a policy kind that has a staged form. */
  public static boolean hasStagedKind(JsonNode object) {
    return STAGED.containsKey(key(object));
  }

  /**
   * The staged form of a networking.k8s.io/v1 NetworkPolicy (StagedKubernetesNetworkPolicy) or a
   * projectcalico.org/v3 NetworkPolicy / GlobalNetworkPolicy (StagedNetworkPolicy /
   * StagedGlobalNetworkPolicy): same metadata, same spec, {@code stagedAction: Set} first. Other
   * objects (network sets) are returned as they are. {@code object} is not changed.
   */
  public static ObjectNode staged(ObjectNode object) {
    String kind = STAGED.get(key(object));
    if (kind == null) {
      return object.deepCopy();
    }
    ObjectNode out = Resources.NODES.objectNode();
    out.put("apiVersion", API_VERSION);
    out.put("kind", kind);
    object
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals("spec")) {
                ObjectNode spec = out.putObject("spec");
                spec.put("stagedAction", "Set");
                e.getValue()
                    .properties()
                    .forEach(s -> spec.set(s.getKey(), s.getValue().deepCopy()));
              } else if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return out;
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }
}
