package io.netpol.report;

import io.netpol.flow.ObservedConnection;

/**
 * A stored connection with what the policies say about it.
 *
 * @param connection the observed connection
 * @param state how it is drawn
 * @param decidedBy the rules deciding it under the policies given, or why they cannot
 */
public record JudgedConnection(ObservedConnection connection, LinkState state, String decidedBy) {}
