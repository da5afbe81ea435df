package io.netpol.ingest;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.store.RememberedConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns observations into connection counts, counting each connection once.
 *
 * <p>Hubble reports one connection many times: at the source's egress and the destination's
 * ingress, in trace and policy-verdict events, and for every reply packet. Calico reports an
 * allowed pod-to-pod flow from both ends. The tracker remembers recent connections (keyed by a
 * 64-bit hash of the protocol and both address:port pairs, or of the Calico aggregation key) for a
 * window of time and counts a connection only the first time it appears. A later observation may
 * reclassify it: a stronger verdict (a drop at the destination after a forward at the source) or an
 * observation whose reply flag is known after a guess from the ports; then the count moves between
 * edges.
 *
 * <p>The memory is bounded (least recently seen connections are forgotten first) and every change
 * to it is handed to the store in the same transaction as the counts and the read position, so a
 * crash and rerun produces exactly the counts of one uninterrupted run.
 */
public final class ConnectionTracker {

  /** Receives count changes for edges. {@code client}/{@code server} are null for decrements. */
  public interface EdgeDeltaSink {
    void delta(EdgeKey edge, Endpoint client, Endpoint server, long delta, long timeMs);
  }

  /** What the tracker remembers of one connection. */
  private static final class State extends RecentConnections.Node {
    EdgeKey edge;
    long amount;

    /** 0 Hubble, 1 Calico source reporter, 2 Calico destination reporter, 3 Calico unknown. */
    int owner;

    /** The client is the side with the lower address:port (canonical order). */
    boolean clientIsLow;

    boolean orientationGuessed;
    long lastSeenMs;
    long seq;

    /** Changed since the last flush; lastSeen not yet handed to the edge. */
    boolean dirty;

    State(
        long hash,
        EdgeKey edge,
        long amount,
        int owner,
        boolean clientIsLow,
        boolean guessed,
        long lastSeenMs,
        long seq) {
      super(hash);
      this.edge = edge;
      this.amount = amount;
      this.owner = owner;
      this.clientIsLow = clientIsLow;
      this.orientationGuessed = guessed;
      this.lastSeenMs = lastSeenMs;
      this.seq = seq;
    }
  }

  private final long windowMs;
  private final EdgeDeltaSink sink;
  private final List<State> dirty = new ArrayList<>();
  private final Set<Long> evicted = new HashSet<>();
  private final RecentConnections<State> states;
  private long seq;

  public ConnectionTracker(long windowMs, int capacity, EdgeDeltaSink sink) {
    this.windowMs = windowMs;
    this.sink = sink;
    this.states = new RecentConnections<>(capacity);
  }

  /** Remembers {@code state}, forgetting the least recently seen connection beyond the capacity. */
  private void remember(State state) {
    State gone = states.put(state);
    if (gone != null) {
      if (gone.dirty) {
        // Its last sighting still has to reach the edge.
        sink.delta(gone.edge, null, null, 0, gone.lastSeenMs);
        gone.dirty = false;
      }
      evicted.add(gone.key);
    }
  }

  /** Restores remembered connections; call in the order they were last seen (oldest first). */
  public void restore(RememberedConnection r) {
    remember(
        new State(
            r.hash(),
            r.edge(),
            r.amount(),
            r.owner(),
            r.clientIsLow(),
            r.guessed(),
            r.lastSeenMs(),
            r.seq()));
    seq = Math.max(seq, r.seq());
  }

  public int size() {
    return states.size();
  }

  /**
   * Entries changed since the last {@link #clearChanges()}, in their current state; their latest
   * sightings are handed to the edges now (once per batch rather than once per packet).
   */
  public List<RememberedConnection> changed() {
    List<RememberedConnection> out = new ArrayList<>(dirty.size());
    for (State s : dirty) {
      if (!s.dirty) {
        continue; // evicted meanwhile
      }
      sink.delta(s.edge, null, null, 0, s.lastSeenMs);
      out.add(
          new RememberedConnection(
              s.key,
              s.edge,
              s.amount,
              s.owner,
              s.clientIsLow,
              s.orientationGuessed,
              s.lastSeenMs,
              s.seq));
    }
    return out;
  }

  public Set<Long> evicted() {
    return evicted;
  }

  public void clearChanges() {
    for (State s : dirty) {
      s.dirty = false;
    }
    dirty.clear();
    evicted.clear();
  }

  /** One Hubble packet event. */
  public void packet(PacketObservation p) {
    boolean sourceIsLow = p.sourceIsLow();
    long hash = p.connection();
    Boolean clientIsSource = knownClientIsSource(p);
    State state = states.get(hash);
    boolean sameConnection = state != null && state.owner == 0 && withinWindow(state, p.timeMs());
    if (!sameConnection) {
      boolean guessed = clientIsSource == null;
      boolean cis = guessed ? !sourceLooksLikeServer(p.srcPort(), p.dstPort()) : clientIsSource;
      EdgeKey edge = edgeFor(p, cis);
      emitNew(hash, edge, p, cis, 1, 0, cis == sourceIsLow, guessed);
      return;
    }
    boolean cis;
    boolean guessed = state.orientationGuessed;
    if (clientIsSource != null) {
      cis = clientIsSource;
      guessed = false;
    } else {
      cis = state.clientIsLow == sourceIsLow;
    }
    Verdict verdict =
        p.verdict().strongerThan(state.edge.verdict()) ? p.verdict() : state.edge.verdict();
    EdgeKey edge = edgeFor(p, cis).withVerdict(verdict);
    if (!edge.equals(state.edge)) {
      sink.delta(state.edge, null, null, -state.amount, p.timeMs());
      Endpoint client = cis ? p.source() : p.destination();
      Endpoint server = cis ? p.destination() : p.source();
      sink.delta(edge, client, server, state.amount, p.timeMs());
      state.edge = edge;
    }
    state.clientIsLow = cis == sourceIsLow;
    state.orientationGuessed = guessed;
    touch(hash, state, p.timeMs());
  }

  /** One aggregated Calico/Goldmane record describing {@code c.count()} connections. */
  public void report(ObservedConnection c, IngestSink.Reporter reporter) {
    int owner = reporter == null ? 3 : reporter == IngestSink.Reporter.SOURCE ? 1 : 2;
    EdgeKey edge = c.edgeKey();
    long hash =
        Hashing.hash64(
            "calico", c.client().key(), c.server().key(), c.port() + "/" + c.protocol().name());
    State state = states.get(hash);
    long time = c.lastSeenMs();
    boolean fresh = state == null || state.owner == 0 || !withinWindow(state, time);
    if (fresh || state.owner == owner) {
      sink.delta(edge, c.client(), c.server(), c.count(), c.firstSeenMs());
      if (state == null || fresh) {
        state = new State(hash, edge, c.count(), owner, true, false, time, 0);
        remember(state);
      } else {
        state.edge = edge;
        state.amount = c.count();
      }
    } else if (c.verdict().strongerThan(state.edge.verdict())) {
      // The other end saw it dropped: the connection did not go through.
      sink.delta(state.edge, null, null, -state.amount, time);
      sink.delta(edge, c.client(), c.server(), c.count(), c.firstSeenMs());
      state.edge = edge;
      state.amount = c.count();
      state.owner = owner;
    }
    touch(hash, state, time);
  }

  private void emitNew(
      long hash,
      EdgeKey edge,
      PacketObservation p,
      boolean cis,
      long amount,
      int owner,
      boolean clientIsLow,
      boolean guessed) {
    Endpoint client = cis ? p.source() : p.destination();
    Endpoint server = cis ? p.destination() : p.source();
    sink.delta(edge, client, server, amount, p.timeMs());
    State state = new State(hash, edge, amount, owner, clientIsLow, guessed, p.timeMs(), 0);
    remember(state);
    touch(hash, state, p.timeMs());
  }

  private void touch(long hash, State state, long timeMs) {
    state.lastSeenMs = Math.max(state.lastSeenMs, timeMs);
    state.seq = ++seq;
    if (!evicted.isEmpty()) {
      evicted.remove(hash);
    }
    if (!state.dirty) {
      state.dirty = true;
      dirty.add(state);
    }
  }

  private boolean withinWindow(State state, long timeMs) {
    return timeMs == 0 || state.lastSeenMs == 0 || Math.abs(timeMs - state.lastSeenMs) <= windowMs;
  }

  private static EdgeKey edgeFor(PacketObservation p, boolean clientIsSource) {
    Endpoint client = clientIsSource ? p.source() : p.destination();
    Endpoint server = clientIsSource ? p.destination() : p.source();
    int port = clientIsSource ? p.dstPort() : p.srcPort();
    return new EdgeKey(client.key(), server.key(), port, p.protocol(), p.verdict());
  }

  /** The reply flag when the exporter knew it, else the TCP handshake flags, else null. */
  static Boolean knownClientIsSource(PacketObservation p) {
    if (p.reply() != null) {
      return !p.reply();
    }
    if (Boolean.TRUE.equals(p.syn())) {
      return !Boolean.TRUE.equals(p.ack());
    }
    return null;
  }

  /**
   * With no reply flag: the side on a listening port is the server. Ephemeral ports are 32768 and
   * up (the Linux default range); between two non-ephemeral ports, the lower one listens.
   */
  static boolean sourceLooksLikeServer(int srcPort, int dstPort) {
    boolean srcEphemeral = srcPort >= 32768;
    boolean dstEphemeral = dstPort >= 32768;
    if (srcEphemeral != dstEphemeral) {
      return dstEphemeral;
    }
    return srcPort < dstPort;
  }

  /**
   * Whether the source is the connection's low end (the lower address:port), which the hash of a
   * connection starts with so that both directions give the same one.
   */
  static boolean sourceIsLow(String srcAddress, int srcPort, String dstAddress, int dstPort) {
    int c = srcAddress.compareTo(dstAddress);
    return (c != 0 ? c : Integer.compare(srcPort, dstPort)) <= 0;
  }

  /** What a packet-level connection is remembered by: its protocol and both ends, low end first. */
  static long connection(
      Protocol protocol, String srcAddress, int srcPort, String dstAddress, int dstPort) {
    return sourceIsLow(srcAddress, srcPort, dstAddress, dstPort)
        ? Hashing.connection(protocol.ordinal(), srcAddress, srcPort, dstAddress, dstPort)
        : Hashing.connection(protocol.ordinal(), dstAddress, dstPort, srcAddress, srcPort);
  }
}
