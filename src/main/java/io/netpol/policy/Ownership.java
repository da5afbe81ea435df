package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;

/**
 * Which NetworkPolicies netpol-recommend owns: those labelled {@code app.kubernetes.io/managed-by:
 * netpol-recommend}, as {@code propose} writes them and {@code netpol-rollout} applies them. The
 * same label decides for policies read from a cluster and from files.
 */
public final class Ownership {
  /** The label naming who manages an object. */
  public static final String LABEL = "app.kubernetes.io/managed-by";

  /** Its value on the policies this tool owns. */
  public static final String OWNER = "netpol-recommend";

  private Ownership() {}

  /** True when the tool owns {@code policy}. */
  public static boolean owned(NetworkPolicy policy) {
    return OWNER.equals(owner(policy));
  }

  /** The value of the managed-by label, or {@code null} when the policy has none. */
  public static String owner(NetworkPolicy policy) {
    Map<String, String> labels =
        policy.getMetadata() == null ? null : policy.getMetadata().getLabels();
    return labels == null ? null : labels.get(LABEL);
  }
}
