package io.netpol.render;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One proposed policy in the terms every format needs.
 *
 * @param namespace its namespace
 * @param name its name ({@code default-deny}, {@code allow-dns}, {@code <workload>-ingress|egress})
 * @param role what it does
 * @param subject labels of the pods it applies to; empty for every pod of the namespace
 * @param ingress its ingress rules (the policy isolates ingress when {@code isolatesIngress})
 * @param egress its egress rules
 * @param isolatesIngress whether it makes its pods default-deny for ingress
 * @param isolatesEgress whether it makes its pods default-deny for egress
 * @param reason the reason annotation
 * @param evidence the policy-level evidence annotation (one line of JSON)
 * @param kubernetes the networking.k8s.io/v1 object the proposal holds, rendered as it is by the
 *     kubernetes and helm formats
 */
public record PolicyView(
    String namespace,
    String name,
    Role role,
    SortedMap<String, String> subject,
    List<RuleView> ingress,
    List<RuleView> egress,
    boolean isolatesIngress,
    boolean isolatesEgress,
    String reason,
    String evidence,
    NetworkPolicy kubernetes) {

  /** What a proposed policy does. */
  public enum Role {
    /** Denies all ingress and egress of every pod in the namespace. */
    DEFAULT_DENY,
    /** Allows DNS lookups of every pod in the namespace to the observed DNS pods. */
    ALLOW_DNS,
    /** Allows one workload's observed inbound or outbound connections. */
    WORKLOAD
  }

  public PolicyView {
    subject = new TreeMap<>(subject);
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }
}
