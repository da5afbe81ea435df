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

  /** Shared with other flows when {@link RawEndpoint#shared}: then read, never written. */
  RawEndpoint source;

  RawEndpoint destination;

  final List<String> sourceNames = new ArrayList<>();
  final List<String> destinationNames = new ArrayList<>();

  /** Legacy {@code reply} field; null when absent. */
  Boolean reply;

  /** {@code is_reply}; null when absent, which means unknown. */
  Boolean isReply;

  String trafficDirection;
  String dropReason;
  String nodeName;

  private boolean checked;
  private String problem;
  private boolean keyed;
  private long connection;
  private boolean sourceIsLow;

  /**
   * {@link ConnectionTracker#connection} of the flow's addresses, ports and protocol (ports are 0
   * for ICMP), computed once, by whichever thread asks first; only for a flow with a protocol and
   * both addresses.
   */
  long connection() {
    key();
    return connection;
  }

  /** {@link ConnectionTracker#sourceIsLow} of the same. */
  boolean sourceIsLow() {
    key();
    return sourceIsLow;
  }

  private void key() {
    if (!keyed) {
      int src = protocol == Protocol.ICMP ? 0 : srcPort;
      int dst = protocol == Protocol.ICMP ? 0 : dstPort;
      connection = ConnectionTracker.connection(protocol, srcIp, src, dstIp, dst);
      sourceIsLow = ConnectionTracker.sourceIsLow(srcIp, src, dstIp, dst);
      keyed = true;
    }
  }

  /**
   * What {@link FlowFields#problem} finds wrong with the flow's addresses and names, or null;
   * checked once, by whichever thread asks first (the one that read the record ahead).
   */
  String fieldProblem() {
    if (!checked) {
      problem = FlowFields.problem(this);
      checked = true;
    }
    return problem;
  }

  /** Endpoints that parsers fill in. */
  RawFlow() {
    this(new RawEndpoint(), new RawEndpoint());
  }

  /** A flow whose endpoints are already read, or {@link RawEndpoint#ABSENT}. */
  RawFlow(RawEndpoint source, RawEndpoint destination) {
    this.source = source;
    this.destination = destination;
  }

  /** One endpoint of a Hubble flow as reported. */
  static final class RawEndpoint {
    /** A flow without this endpoint. */
    static final RawEndpoint ABSENT = new RawEndpoint().share();

    long identity = -1;
    String namespace;
    String podName;
    final List<String> labels = new ArrayList<>();

    /** The record had labels but they were not read (fast path). */
    boolean labelsSkipped;

    /** Labels left out by the {@link LabelLimits}. */
    final LabelCut labelsCut = new LabelCut();

    String workloadName;
    String workloadKind;
    boolean present;

    /**
     * Read by many flows (the same bytes in many records, {@link HubbleLineScanner}): nothing may
     * change it any more.
     */
    boolean shared;

    private Key key;

    /**
     * What a known endpoint is looked up by: Cilium derives the security identity from the labels,
     * so the same key means the same labels. Null without an identity.
     */
    record Key(String namespace, String podName, String workloadName, long identity) {
      // Written out, as EdgeKey's: every endpoint of every record is looked up by its key.

      @Override
      public boolean equals(Object o) {
        return o instanceof Key k
            && identity == k.identity
            && namespace.equals(k.namespace)
            && podName.equals(k.podName)
            && workloadName.equals(k.workloadName);
      }

      @Override
      public int hashCode() {
        int h = namespace.hashCode();
        h = 31 * h + podName.hashCode();
        h = 31 * h + workloadName.hashCode();
        return 31 * h + Long.hashCode(identity);
      }
    }

    Key key() {
      if (identity < 0) {
        return null;
      }
      Key k = key;
      if (k == null) {
        k =
            new Key(
                nullToEmpty(namespace), nullToEmpty(podName), nullToEmpty(workloadName), identity);
        if (shared) {
          key = k;
        }
      }
      return k;
    }

    /** Marks this endpoint as read-only from now on, its lookup key computed once. */
    RawEndpoint share() {
      shared = true;
      key = null;
      key();
      return this;
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s;
    }

    private void warmHashes() {
      RawFlow.warm(namespace);
      RawFlow.warm(podName);
      RawFlow.warm(workloadName);
    }

    RawEndpoint reset() {
      identity = -1;
      namespace = null;
      podName = null;
      labels.clear();
      labelsSkipped = false;
      labelsCut.clear();
      workloadName = null;
      workloadKind = null;
      present = false;
      key = null;
      return this;
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
    source = source.shared ? new RawEndpoint() : source.reset();
    destination = destination.shared ? new RawEndpoint() : destination.reset();
    sourceNames.clear();
    destinationNames.clear();
    reply = null;
    isReply = null;
    trafficDirection = null;
    dropReason = null;
    nodeName = null;
    checked = false;
    problem = null;
    keyed = false;
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
    if (fieldProblem() == null && protocol != null && srcIp != null && dstIp != null) {
      key();
    }
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
