package io.netpol.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netpol.flow.Printable;
import io.netpol.matrix.ConnectivityMatrix;
import io.netpol.matrix.Probe;
import io.netpol.matrix.ProbeScript;
import io.netpol.report.MarkdownReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One renderer per output format of {@code matrix}. */
interface MatrixRenderer {
  void render(ConnectivityMatrix matrix, String generatedBy, PrintWriter out) throws Exception;

  static MatrixRenderer forFormat(Format format) {
    return switch (format) {
      case TABLE -> new Table();
      case JSON -> new Json();
      case MARKDOWN -> new Markdown();
      case SCRIPT -> (m, by, out) -> out.print(ProbeScript.render(m, by));
      default -> throw new IllegalArgumentException("matrix cannot print " + format);
    };
  }

  static String expected(Probe p) {
    return p.expectAllow() == null ? "? unknown" : p.expectAllow() ? "✅ allow" : "❌ deny";
  }

  /** Aligned columns, like the connectivity table of the rollout documents. */
  final class Table implements MatrixRenderer {
    @Override
    public void render(ConnectivityMatrix m, String generatedBy, PrintWriter out) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"#", "FROM", "TO", "PORT", "EXPECT", "KIND", "DECIDED BY"});
      for (Probe p : m.probes()) {
        rows.add(
            new String[] {
              String.valueOf(p.number()),
              Printable.of(p.client().display()),
              Printable.of(p.server().display()),
              p.port() + "/" + p.protocol(),
              expected(p),
              p.kind().label(),
              Printable.of(p.decidedBy())
            });
      }
      io.netpol.cli.Table.print(out, rows);
    }
  }

  /** One JSON array of rows. */
  final class Json implements MatrixRenderer {
    @Override
    public void render(ConnectivityMatrix m, String generatedBy, PrintWriter out) throws Exception {
      List<Object> rows = new ArrayList<>();
      for (Probe p : m.probes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("number", p.number());
        row.put("kind", p.kind().wireName());
        row.put("client", ConnectionJson.endpoint(p.client()));
        row.put("server", ConnectionJson.endpoint(p.server()));
        row.put("port", p.port());
        row.put("protocol", p.protocol().name());
        row.put("expected", p.expectAllow() == null ? null : p.expectAllow() ? "allow" : "deny");
        row.put("decidedBy", p.decidedBy());
        row.put("observedConnections", p.observed());
        row.put("command", p.command());
        row.put("notRunnable", p.notRunnable());
        rows.add(row);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("generatedBy", generatedBy);
      root.put("probes", rows);
      root.put("neverSeenLeftOut", m.neverSeenLeftOut());
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }
  }

  /** The table with the probe command of each row, for a document or a pull request. */
  final class Markdown implements MatrixRenderer {
    @Override
    public void render(ConnectivityMatrix m, String generatedBy, PrintWriter out) {
      out.println("| # | from | to | port | expected | kind | decided by | probe |");
      out.println("|---|---|---|---|---|---|---|---|");
      for (Probe p : m.probes()) {
        String command = p.command();
        out.println(
            "| "
                + p.number()
                + " | "
                + MarkdownReport.md(p.client().display())
                + " | "
                + MarkdownReport.md(p.server().display())
                + " | "
                + p.port()
                + "/"
                + p.protocol()
                + " | "
                + expected(p)
                + " | "
                + p.kind().label()
                + " | "
                + MarkdownReport.md(p.decidedBy())
                + " | "
                + (command == null
                    ? "not probed: " + MarkdownReport.md(p.notRunnable())
                    : MarkdownReport.md(command))
                + " |");
      }
    }
  }
}
