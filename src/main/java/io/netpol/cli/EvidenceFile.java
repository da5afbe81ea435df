package io.netpol.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.recommend.EvidenceSummary;
import io.netpol.recommend.ProposedPeer;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.ProposedPort;
import io.netpol.recommend.ProposedRule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code propose --evidence FILE}: the full evidence of every rule as one JSON document, written
 * one policy at a time: {@code {"policies":[{"namespace","name","rules":[{"rule","ports","peers",
 * "notes","observed":[{"peer","ports","connections","edges","firstSeen","lastSeen","sources",
 * "dnsNames"}]}]}]}}.
 */
final class EvidenceFile implements AutoCloseable {
  private final Path file;
  private final Writer writer;
  private final JsonGenerator g;

  private EvidenceFile(Path file, Writer writer, JsonGenerator g) {
    this.file = file;
    this.writer = writer;
    this.g = g;
  }

  /** Begins the file: policies are added namespace by namespace, then {@link #finish}. */
  static EvidenceFile open(Path file) {
    Writer w = null;
    try {
      w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
      JsonGenerator g = new JsonFactory().createGenerator(w);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("policies");
      return new EvidenceFile(file, w, g);
    } catch (IOException e) {
      closeQuietly(w);
      throw cannotWrite(file, e);
    }
  }

  /** Adds the policies of one namespace. */
  void accept(List<ProposedPolicy> policies) {
    try {
      for (ProposedPolicy p : policies) {
        g.writeStartObject();
        g.writeStringField("namespace", p.namespace());
        g.writeStringField("name", p.name());
        g.writeStringField("role", p.role().name().toLowerCase(java.util.Locale.ROOT));
        g.writeArrayFieldStart("rules");
        rules(g, "ingress", p.ingress());
        rules(g, "egress", p.egress());
        g.writeEndArray();
        g.writeEndObject();
      }
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  /** Ends the document. */
  void finish() {
    try {
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
      g.flush();
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  @Override
  public void close() {
    try {
      g.close();
      writer.close();
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static void closeQuietly(Writer w) {
    if (w != null) {
      try {
        w.close();
      } catch (IOException ignored) {
        // The first failure is the one reported.
      }
    }
  }

  private static NetpolException cannotWrite(Path file, IOException e) {
    return new NetpolException(
        ExitCode.UNEXPECTED_STATE,
        "cannot write the evidence to " + file + ": " + e + "; check the path and its folder",
        e);
  }

  private static void rules(JsonGenerator g, String direction, List<ProposedRule> rules)
      throws IOException {
    for (int i = 0; i < rules.size(); i++) {
      ProposedRule r = rules.get(i);
      g.writeStartObject();
      g.writeStringField("rule", direction + "[" + i + "]");
      ports(g, r.ports());
      g.writeArrayFieldStart("peers");
      for (ProposedPeer peer : r.peers()) {
        g.writeString(describe(peer));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("notes");
      for (String n : r.notes()) {
        g.writeString(n);
      }
      g.writeEndArray();
      evidence(g, r.evidence());
      g.writeArrayFieldStart("observed");
      for (ProposedRule.ObservedPeer o : r.observed()) {
        g.writeStartObject();
        g.writeStringField("peer", o.peer());
        ports(g, o.ports());
        evidence(g, o.evidence());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** {@code pod voting-api/api}, {@code node 10.0.0.1/32 (cluster)}, ... */
  static String describe(ProposedPeer p) {
    String kind = p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    switch (p.kind()) {
      case POD:
        return kind + " " + p.namespace() + " " + p.selector().display();
      case NAMESPACE:
        return kind + " " + p.namespace();
      default:
        return kind
            + " "
            + p.cidr()
            + (p.except().isEmpty() ? "" : " except " + String.join(",", p.except()))
            + (p.name() == null ? "" : " " + p.name())
            + " ("
            + p.origin().name().toLowerCase(java.util.Locale.ROOT)
            + ")";
    }
  }

  private static void ports(JsonGenerator g, List<ProposedPort> ports) throws IOException {
    g.writeArrayFieldStart("ports");
    for (ProposedPort p : ports) {
      g.writeString(p.display());
    }
    g.writeEndArray();
  }

  private static void evidence(JsonGenerator g, EvidenceSummary e) throws IOException {
    g.writeNumberField("connections", e.connections());
    g.writeNumberField("edges", e.edges());
    if (e.firstSeen() != null) {
      g.writeStringField("firstSeen", e.firstSeen().toString());
    }
    if (e.lastSeen() != null) {
      g.writeStringField("lastSeen", e.lastSeen().toString());
    }
    g.writeArrayFieldStart("sources");
    for (String s : e.sources()) {
      g.writeString(s);
    }
    g.writeEndArray();
    if (!e.dnsNames().isEmpty()) {
      g.writeArrayFieldStart("dnsNames");
      for (String s : e.dnsNames()) {
        g.writeString(s);
      }
      g.writeEndArray();
    }
  }
}
