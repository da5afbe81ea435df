package io.netpol.store;

/**
 * What a rollout step did to one object, as stored (see {@code rollout_object}).
 *
 * @param action {@code create}, {@code update} or {@code delete}
 * @param before the object before the step (JSON), null when absent
 * @param after the object as the step left it (JSON), null when removed
 * @param wrote the last content the step wrote
 */
public record ObjectRecord(
    String kind,
    String name,
    String action,
    String before,
    String after,
    String wrote,
    boolean done,
    boolean legacy) {}
