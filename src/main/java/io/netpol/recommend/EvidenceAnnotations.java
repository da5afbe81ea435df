package io.netpol.recommend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The evidence annotations of one policy, summarised to a budget whatever the number of peers:
 * counts, first and last seen, a few peers and sources and how many more. The full evidence stays
 * in the store ({@code explain}, {@code flows}) and in {@code propose --evidence}.
 */
final class EvidenceAnnotations {

  static final int PEERS_SHOWN = 5;
  static final int SOURCES_SHOWN = 3;
  static final int PORTS_SHOWN = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvidenceAnnotations() {}

  /**
   * The annotations: reason, policy evidence and (for policies with rules) one line per rule, cut
   * with a closing "and N more rules" line when they would exceed {@link
   * SizeBudget#ANNOTATION_BUDGET}.
   */
  static SortedMap<String, String> of(
      String reason,
      Map<String, Object> policyEvidence,
      String direction,
      List<ProposedRule> rules) {
    SortedMap<String, String> out = new TreeMap<>();
    out.put(Proposal.REASON, reason);
    out.put(Proposal.EVIDENCE, json(policyEvidence) + "\n");
    if (direction == null) {
      return out;
    }
    int budget = SizeBudget.ANNOTATION_BUDGET - size(out) - Proposal.RULES.length() - 64;
    List<String> lines = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < rules.size(); i++) {
      String line = json(rule(direction + "[" + i + "]", rules.get(i)));
      if (used + line.length() + 2 > budget) {
        Evidence rest = new Evidence();
        rules.subList(i, rules.size()).forEach(r -> rest.add(r.evidence()));
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("moreRules", rules.size() - i);
        more.putAll(fields(rest.summary()));
        lines.add(json(more));
        break;
      }
      lines.add(line);
      used += line.length() + 2;
    }
    out.put(Proposal.RULES, "[\n" + String.join(",\n", lines) + "\n]\n");
    return out;
  }

  /** One rule's summary. */
  static Map<String, Object> rule(String name, ProposedRule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rule", name);
    List<ProposedRule.ObservedPeer> observed = rule.observed();
    out.put(
        "peers",
        observed.stream().limit(PEERS_SHOWN).map(ProposedRule.ObservedPeer::peer).toList());
    if (observed.size() > PEERS_SHOWN) {
      out.put("morePeers", observed.size() - PEERS_SHOWN);
    }
    out.put("ports", rule.ports().stream().limit(PORTS_SHOWN).map(ProposedPort::display).toList());
    if (rule.ports().size() > PORTS_SHOWN) {
      out.put("morePorts", rule.ports().size() - PORTS_SHOWN);
    }
    out.putAll(fields(rule.evidence()));
    if (!rule.notes().isEmpty()) {
      out.put("notes", rule.notes());
    }
    return out;
  }

  /** Counts, first and last seen, DNS names and a few sources, in a fixed order. */
  static Map<String, Object> fields(EvidenceSummary e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connections", e.connections());
    out.put("edges", e.edges());
    if (e.firstSeen() != null) {
      out.put("firstSeen", e.firstSeen().toString());
    }
    if (e.lastSeen() != null) {
      out.put("lastSeen", e.lastSeen().toString());
    }
    if (!e.dnsNames().isEmpty()) {
      out.put("dnsNames", e.dnsNames().stream().limit(PEERS_SHOWN).toList());
      if (e.dnsNames().size() > PEERS_SHOWN) {
        out.put("moreDnsNames", e.dnsNames().size() - PEERS_SHOWN);
      }
    }
    out.put(
        "sources",
        e.sources().stream().limit(SOURCES_SHOWN).map(EvidenceAnnotations::cut).toList());
    if (e.sources().size() > SOURCES_SHOWN) {
      out.put("moreSources", e.sources().size() - SOURCES_SHOWN);
    }
    return out;
  }

  /** Bytes the API server counts for annotations: keys and values. */
  static int size(Map<String, String> annotations) {
    int out = 0;
    for (var e : annotations.entrySet()) {
      out +=
          e.getKey().length()
              + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    return out;
  }

  private static String cut(String source) {
    return source.length() <= 200 ? source : source.substring(0, 200) + "...";
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
