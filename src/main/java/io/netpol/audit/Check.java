package io.netpol.audit;

/** What the audit looks for, each with its severity and the code that JSON output carries. */
public enum Check {
  NO_DEFAULT_DENY_INGRESS(
      "no-default-deny-ingress",
      Severity.WARNING,
      "the namespace has no default deny for ingress: a new workload starts open to everyone"),
  NO_DEFAULT_DENY_EGRESS(
      "no-default-deny-egress",
      Severity.WARNING,
      "the namespace has no default deny for egress: a new workload may connect anywhere"),
  NOT_ISOLATED_INGRESS(
      "not-isolated-ingress",
      Severity.ERROR,
      "workloads no policy selects for ingress: every pod and address may connect to them"),
  NOT_ISOLATED_EGRESS(
      "not-isolated-egress",
      Severity.WARNING,
      "workloads no policy selects for egress: they may connect anywhere"),
  ALLOWS_EVERYTHING(
      "allows-everything",
      Severity.ERROR,
      "a rule without peers and ports: it allows every peer on every port"),
  OPEN_TO_ANY_PEER(
      "open-to-any-peer",
      Severity.WARNING,
      "a rule without peers: every pod, namespace and internet address on its ports"),
  OPEN_TO_WORLD(
      "open-to-world", Severity.WARNING, "an ipBlock of 0.0.0.0/0 or ::/0: the whole internet"),
  OPEN_TO_ALL_NAMESPACES(
      "open-to-all-namespaces",
      Severity.WARNING,
      "a namespaceSelector {}: the selected pods of every namespace"),
  OPEN_TO_WHOLE_NAMESPACE(
      "open-to-whole-namespace",
      Severity.INFO,
      "a podSelector {} without namespaceSelector: every pod of the policy's namespace"),
  UNUSED_RULE(
      "unused-rule",
      Severity.WARNING,
      "no observed connection used the rule over the observation window: a candidate to remove"),
  NO_DNS_EGRESS(
      "no-dns-egress",
      Severity.ERROR,
      "an egress-isolated workload that no rule allows to reach DNS (UDP 53): lookups fail"),
  DENIED_CONNECTIONS(
      "denied-connections",
      Severity.WARNING,
      "connections the network denied were observed: a broken client or a probe"),
  AUDIT_DENIED_CONNECTIONS(
      "audit-denied-connections",
      Severity.WARNING,
      "connections a staged or audit-mode policy would deny were observed"),
  FORCED_ROLLOUT_STEP(
      "forced-rollout-step",
      Severity.WARNING,
      "a rollout step was forced past its pre-flight checks or order");

  private final String code;
  private final Severity severity;
  private final String description;

  Check(String code, Severity severity, String description) {
    this.code = code;
    this.severity = severity;
    this.description = description;
  }

  public String code() {
    return code;
  }

  public Severity severity() {
    return severity;
  }

  public String description() {
    return description;
  }
}
