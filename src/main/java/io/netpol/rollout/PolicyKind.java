package io.netpol.rollout;

import java.util.Locale;

/** The kinds of object a rollout writes. */
public enum PolicyKind {
  NETWORK_POLICY("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
  /** Calico's staged (audit-mode) twin of a NetworkPolicy: same spec, enforces nothing. */
  STAGED_NETWORK_POLICY(
      "projectcalico.org",
      "v3",
      "StagedKubernetesNetworkPolicy",
      "stagedkubernetesnetworkpolicies");

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;

  PolicyKind(String group, String version, String kind, String plural) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The object's kind, as in its {@code kind} field and in the store. */
  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  /** How output names it: {@code networkpolicy}, {@code stagedkubernetesnetworkpolicy}. */
  public String display() {
    return kind.toLowerCase(Locale.ROOT);
  }

  /** The kind of a {@code kind} field, or null. */
  public static PolicyKind of(String kind) {
    for (PolicyKind k : values()) {
      if (k.kind.equals(kind)) {
        return k;
      }
    }
    return null;
  }
}
