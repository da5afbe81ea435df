package io.netpol.ingest;

import io.netpol.flow.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one Hubble flow that matter here, as decoded from JSON or protobuf, before any
 * interpretation. Every field is optional: field masks and old versions drop them.
 */
final class RawFlow {
  long timeMs = Long.MIN_VALUE;
  String verdict;
  String srcIp;
  String dstIp;
  Protocol protocol;
  int srcPort = -1;
  int dstPort = -1;
  Boolean syn;
  Boolean ack;
  final RawEndpoint source = new RawEndpoint();
  final RawEndpoint destination = new RawEndpoint();
  final List<String> sourceNames = new ArrayList<>(2);
  final List<String> destinationNames = new ArrayList<>(2);

  /** Legacy {@code reply} field; null when absent. */
  Boolean reply;

  /** {@code is_reply}; null when absent, which means unknown. */
  Boolean isReply;

  String trafficDirection;
  String dropReason;
  String nodeName;

  /** One endpoint of a Hubble flow as reported. */
  static final class RawEndpoint {
    long identity = -1;
    String namespace;
    String podName;
    final List<String> labels = new ArrayList<>(12);

    /** The record had labels but they were not read (fast path). */
    boolean labelsSkipped;

    /** Labels left out by the {@link LabelLimits}. */
    final LabelCut labelsCut = new LabelCut();

    String workloadName;
    String workloadKind;
    boolean present;

    private void warmHashes() {
      RawFlow.warm(namespace);
      RawFlow.warm(podName);
      RawFlow.warm(workloadName);
    }

    void reset() {
      identity = -1;
      namespace = null;
      podName = null;
      labels.clear();
      labelsSkipped = false;
      labelsCut.clear();
      workloadName = null;
      workloadKind = null;
      present = false;
    }
  }

  /** Clears every field, so one instance serves every record of a stream. */
  void reset() {
    timeMs = Long.MIN_VALUE;
    verdict = null;
    srcIp = null;
    dstIp = null;
    protocol = null;
    srcPort = -1;
    dstPort = -1;
    syn = null;
    ack = null;
    source.reset();
    destination.reset();
    sourceNames.clear();
    destinationNames.clear();
    reply = null;
    isReply = null;
    trafficDirection = null;
    dropReason = null;
    nodeName = null;
  }

  /**
   * Computes the hash codes of the strings the decoder looks up next (verdict, endpoint keys),
   * which each {@code String} then keeps. Called by the thread that read the record ahead ({@link
   * RecordDecoder#preparse}): it has their bytes in its cache, the thread finishing the decode
   * would fetch them from memory.
   */
  void warmHashes() {
    warm(verdict);
    source.warmHashes();
    destination.warmHashes();
  }

  private static void warm(String s) {
    if (s != null) {
      s.hashCode();
    }
  }

  /** Which reply flag to trust: the newer {@code is_reply} wins over the legacy {@code reply}. */
  Boolean replyFlag() {
    return isReply != null ? isReply : reply;
  }

  /** Whether anything flow-like was decoded (binary garbage decodes to empty messages). */
  boolean looksLikeFlow() {
    return protocol != null || srcIp != null || dstIp != null || verdict != null;
  }
}
