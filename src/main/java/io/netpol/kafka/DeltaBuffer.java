package io.netpol.kafka;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.ingest.RecordProcessor;
import io.netpol.proto.v1.EdgeDelta;
import io.netpol.proto.v1.NamespaceLabels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Edge deltas gathered between two transactions of {@code --emit-edges}: one sum per edge and label
 * set, so a batch of thousands of flows becomes a handful of messages. Folding the sums gives the
 * store exactly what folding every single delta would.
 */
final class DeltaBuffer implements RecordProcessor.Output {

  private record Slot(EdgeKey edge, Endpoint client, Endpoint server) {}

  private static final class Sum {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  private final Map<Slot, Sum> slots = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();

  /** The identity of every edge seen, for deltas the tracker hands over without endpoints. */
  private final Map<EdgeKey, Endpoint[]> identities = new HashMap<>();

  @Override
  public void delta(
      EdgeKey edge, Endpoint client, Endpoint server, long delta, long timeMs, String evidence) {
    if (client != null) {
      identities.putIfAbsent(edge, new Endpoint[] {client.identityOnly(), server.identityOnly()});
    }
    // Like the store: only connections added carry a sighting of their labels.
    Slot slot =
        client != null && delta > 0 ? new Slot(edge, client, server) : new Slot(edge, null, null);
    Sum sum = slots.computeIfAbsent(slot, s -> new Sum());
    sum.count += delta;
    if (timeMs > 0) {
      sum.first = Math.min(sum.first, timeMs);
      sum.last = Math.max(sum.last, timeMs);
    }
  }

  @Override
  public void namespaceLabels(String namespace, Map<String, String> labels) {
    namespaces.put(namespace, new TreeMap<>(labels));
  }

  boolean isEmpty() {
    return slots.isEmpty() && namespaces.isEmpty();
  }

  /** Hands every message of the batch (key, value) to {@code out}, then forgets the batch. */
  void drain(String producer, long[] sequence, BiConsumer<byte[], byte[]> out) {
    for (Map.Entry<Slot, Sum> e : slots.entrySet()) {
      Slot slot = e.getKey();
      Sum sum = e.getValue();
      if (sum.count == 0 && sum.first == Long.MAX_VALUE) {
        continue; // nothing to tell
      }
      Endpoint[] identity = identities.get(slot.edge());
      Endpoint client = slot.client() != null ? slot.client() : identity[0];
      Endpoint server = slot.server() != null ? slot.server() : identity[1];
      EdgeDelta.Builder d =
          EdgeDelta.newBuilder()
              .setClient(EdgeCodec.ref(client))
              .setServer(EdgeCodec.ref(server))
              .setPort(slot.edge().port())
              .setProtocol(slot.edge().protocol().name())
              .setVerdict(EdgeCodec.verdict(slot.edge().verdict()))
              .setCountDelta(sum.count)
              .setProducer(producer)
              .setSequence(++sequence[0]);
      if (sum.first != Long.MAX_VALUE) {
        d.setFirstSeenUnixMs(sum.first).setLastSeenUnixMs(sum.last);
      }
      out.accept(EdgeCodec.key(slot.edge()), d.build().toByteArray());
    }
    for (Map.Entry<String, Map<String, String>> e : namespaces.entrySet()) {
      NamespaceLabels ns =
          NamespaceLabels.newBuilder()
              .setNamespace(e.getKey())
              .addAllLabels(EdgeCodec.pairs(e.getValue()))
              .build();
      out.accept(EdgeCodec.namespaceKey(e.getKey()), ns.toByteArray());
    }
    slots.clear();
    namespaces.clear();
  }
}
