package io.netpol.recommend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
      String line = rule(direction + "[" + i + "]", rules.get(i));
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

  /** Instants written, which repeat across a proposal's rules. */
  private static final java.util.Map<java.time.Instant, String> INSTANTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int INSTANTS_KEPT = 4096;

  /** {@code i.toString()}, remembered: formatting an instant is most of writing a rule's line. */
  static String text(java.time.Instant i) {
    String known = INSTANTS.get(i);
    if (known == null) {
      if (INSTANTS.size() >= INSTANTS_KEPT) {
        INSTANTS.clear();
      }
      known = i.toString();
      INSTANTS.put(i, known);
    }
    return known;
  }

  /** One rule's summary, as one line of JSON. */
  static String rule(String name, ProposedRule rule) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("rule", name);
      List<ProposedRule.ObservedPeer> observed = rule.observed();
      g.writeArrayFieldStart("peers");
      for (int i = 0; i < Math.min(PEERS_SHOWN, observed.size()); i++) {
        g.writeString(observed.get(i).peer());
      }
      g.writeEndArray();
      if (observed.size() > PEERS_SHOWN) {
        g.writeNumberField("morePeers", observed.size() - PEERS_SHOWN);
      }
      g.writeArrayFieldStart("ports");
      for (int i = 0; i < Math.min(PORTS_SHOWN, rule.ports().size()); i++) {
        g.writeString(rule.ports().get(i).display());
      }
      g.writeEndArray();
      if (rule.ports().size() > PORTS_SHOWN) {
        g.writeNumberField("morePorts", rule.ports().size() - PORTS_SHOWN);
      }
      write(g, rule.evidence());
      if (!rule.notes().isEmpty()) {
        g.writeArrayFieldStart("notes");
        for (String n : rule.notes()) {
          g.writeString(n);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The fields of {@link #fields} written to {@code g}, in the same order. */
  private static void write(JsonGenerator g, EvidenceSummary e) throws IOException {
    g.writeNumberField("connections", e.connections());
    g.writeNumberField("edges", e.edges());
    if (e.firstSeen() != null) {
      g.writeStringField("firstSeen", text(e.firstSeen()));
    }
    if (e.lastSeen() != null) {
      g.writeStringField("lastSeen", text(e.lastSeen()));
    }
    if (!e.dnsNames().isEmpty()) {
      g.writeArrayFieldStart("dnsNames");
      for (int i = 0; i < Math.min(PEERS_SHOWN, e.dnsNames().size()); i++) {
        g.writeString(e.dnsNames().get(i));
      }
      g.writeEndArray();
      if (e.dnsNames().size() > PEERS_SHOWN) {
        g.writeNumberField("moreDnsNames", e.dnsNames().size() - PEERS_SHOWN);
      }
    }
    g.writeArrayFieldStart("sources");
    for (int i = 0; i < Math.min(SOURCES_SHOWN, e.sources().size()); i++) {
      g.writeString(cut(e.sources().get(i)));
    }
    g.writeEndArray();
    if (e.sources().size() > SOURCES_SHOWN) {
      g.writeNumberField("moreSources", e.sources().size() - SOURCES_SHOWN);
    }
  }

  /** Counts, first and last seen, DNS names and a few sources, in a fixed order. */
  static Map<String, Object> fields(EvidenceSummary e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connections", e.connections());
    out.put("edges", e.edges());
    if (e.firstSeen() != null) {
      out.put("firstSeen", text(e.firstSeen()));
    }
    if (e.lastSeen() != null) {
      out.put("lastSeen", text(e.lastSeen()));
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
