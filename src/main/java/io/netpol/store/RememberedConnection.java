package io.netpol.store;

import io.netpol.flow.EdgeKey;

/**
 * One entry of the deduplication memory as stored: which edge a recently seen connection was
 * counted on, how much, and when it was last seen.
 *
 * @param owner 0 packet-level (Hubble), 1 Calico source reporter, 2 destination, 3 unknown
 * @param clientIsLow the client is the canonically lower address:port
 * @param guessed the orientation was guessed from ports
 * @param seq recency order, so the memory forgets the same entries after a restart
 */
public record RememberedConnection(
    long hash,
    EdgeKey edge,
    long amount,
    int owner,
    boolean clientIsLow,
    boolean guessed,
    long lastSeenMs,
    long seq) {}
