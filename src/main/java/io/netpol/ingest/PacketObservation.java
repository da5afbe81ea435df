package io.netpol.ingest;

import io.netpol.flow.Endpoint;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;

/**
 * One packet-level event (Hubble): the same connection is reported at several observation points,
 * in both directions, so these are deduplicated into connections by the {@link ConnectionTracker}.
 *
 * @param srcAddress the sender's IP, or its endpoint key when the export has no IP
 * @param reply true/false when the exporter knew, null when it did not
 * @param syn TCP SYN flag, null when flags were not exported
 * @param connection {@link ConnectionTracker#connection} of the addresses, ports and protocol
 * @param sourceIsLow {@link ConnectionTracker#sourceIsLow} of the addresses and ports
 */
record PacketObservation(
    Endpoint source,
    Endpoint destination,
    String srcAddress,
    String dstAddress,
    int srcPort,
    int dstPort,
    Protocol protocol,
    Verdict verdict,
    long timeMs,
    Boolean reply,
    Boolean syn,
    Boolean ack,
    long connection,
    boolean sourceIsLow) {}
