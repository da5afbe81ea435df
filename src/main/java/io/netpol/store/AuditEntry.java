package io.netpol.store;

/** One line of the append-only rollout history. */
public record AuditEntry(
    long id, long at, String actor, String plan, String namespace, String action, String detail) {}
