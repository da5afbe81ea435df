package io.netpol.render;

/**
 * A port of a rule.
 *
 * @param port the port number
 * @param endPort the last port of a range, or null
 * @param protocol TCP, UDP or SCTP
 */
public record PortView(int port, Integer endPort, String protocol) {}
