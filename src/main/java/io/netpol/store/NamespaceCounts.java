package io.netpol.store;

/** Connections with a side in one namespace: all of them, the denied and the audit ones. */
public record NamespaceCounts(long total, long denied, long audit) {}
