package io.netpol.ingest;

import io.netpol.flow.ObservedConnection;
import java.util.Map;

/** Where parsers deliver what they read from one record. */
interface IngestSink {
  /** A packet-level observation that still has to be deduplicated into connections. */
  void packet(PacketObservation observation);

  /** A flow-log record that already describes connections (Calico, Goldmane). */
  void report(ObservedConnection connection, Reporter reporter);

  /** Labels of one endpoint were left out by the {@link LabelLimits}. */
  void labelsCut(LabelCut cut);

  /** Labels a flow log revealed for a namespace. */
  void namespaceLabels(String namespace, Map<String, String> labels);

  /** Which side reported an aggregated record; an allowed pod-to-pod flow comes from both. */
  enum Reporter {
    SOURCE,
    DESTINATION
  }
}
