package io.netpol.policy;

/**
 * Why one peer or port matcher did not match: the reason, the path of the matcher in its policy
 * (e.g. {@code spec.egress[0].ports[1]}) and a sentence for people.
 */
public record Miss(MismatchReason reason, String field, String detail) {}
