package io.netpol.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One allow rule: any of the peers on any of the ports.
 *
 * @param peers the peers (never empty)
 * @param ports the ports (never empty)
 * @param evidence the rule's entry of the evidence annotation (rule, peer(s), ports, connections,
 *     edges, first/last seen, DNS names, sources) in its order, or an empty map
 */
public record RuleView(List<PeerView> peers, List<PortView> ports, Map<String, Object> evidence) {
  public RuleView {
    peers = List.copyOf(peers);
    ports = List.copyOf(ports);
    evidence = evidence == null ? Map.of() : new LinkedHashMap<>(evidence);
  }
}
