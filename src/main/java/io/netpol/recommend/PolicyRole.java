package io.netpol.recommend;

/** What a proposed policy is for. */
public enum PolicyRole {
  /** Denies all ingress and egress of every pod in the namespace that no other policy allows. */
  DEFAULT_DENY,
  /** DNS egress of every pod in the namespace to the DNS pods observed (UDP and TCP 53). */
  ALLOW_DNS,
  /** The observed inbound connections of one workload. */
  INGRESS,
  /** The observed outbound connections of one workload. */
  EGRESS
}
