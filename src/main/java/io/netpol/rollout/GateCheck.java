package io.netpol.rollout;

import java.util.Locale;

/**
 * One gate of a step, measured.
 *
 * @param measured what was measured, for people ({@code 3 of 1,200 (0.25%)})
 * @param limit the gate's limit, for people ({@code <= 0.1%, from 1,000 connections})
 * @param value the measured number (a count, or a fraction for the rate), for metrics
 */
public record GateCheck(Gate gate, Outcome outcome, String measured, String limit, double value) {

  /** The gates a step can have. */
  public enum Gate {
    /** Denied connections since the phase began. */
    DENIED_CONNECTIONS,
    /** Denied (in a staged phase: denied and would-be denied) over all connections. */
    DENIED_RATE,
    /** Would-be denies (audit connections) in a staged phase. */
    AUDIT_DENIED,
    /** Connections were observed at all since the phase began: observe is alive. */
    EVIDENCE;

    /** The name in output and metrics: {@code denied_connections}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a gate says; the order is from best to worst. */
  public enum Outcome {
    PASS,
    /**
     * The rate gate has seen fewer connections than minConnections: it neither passes nor fails.
     */
    NOT_ENOUGH_TRAFFIC,
    /** No connection observed since the phase began, not even elsewhere in the cluster. */
    NO_EVIDENCE,
    FAIL;

    /** The name in output and metrics: {@code not_enough_traffic}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
