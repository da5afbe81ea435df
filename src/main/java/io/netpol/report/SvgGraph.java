package io.netpol.report;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Draws a positioned traffic graph as an SVG element; every text from flow data is escaped. */
public final class SvgGraph {
  private SvgGraph() {}

  public static String render(PositionedGraph p) {
    Map<String, TrafficGraph.Node> nodes = new HashMap<>();
    p.graph().nodes().forEach(n -> nodes.put(n.id(), n));
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"traffic\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(num(p.width()))
        .append(' ')
        .append(num(p.height()))
        .append("\" width=\"")
        .append(num(p.width()))
        .append("\" height=\"")
        .append(num(p.height()))
        .append("\" role=\"img\" aria-labelledby=\"graph-title\">\n");
    s.append("<title id=\"graph-title\">Traffic graph: ")
        .append(p.graph().nodes().size())
        .append(" nodes, ")
        .append(p.graph().links().size())
        .append(" links</title>\n<defs>\n");
    for (LinkState state : LinkState.values()) {
      s.append("<marker id=\"arrow-")
          .append(state.cssClass())
          .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\"")
          .append(" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrowhead ")
          .append(state.cssClass())
          .append("\" d=\"M0,0 L10,5 L0,10 z\"/></marker>\n");
    }
    s.append("</defs>\n");
    for (int i = 0; i < p.groups().size(); i++) {
      group(s, p.graph().groups().get(i), p.groups().get(i));
    }
    for (int i = 0; i < p.links().size(); i++) {
      link(s, p.graph().links().get(i), p.links().get(i), nodes);
    }
    for (int i = 0; i < p.nodes().size(); i++) {
      node(s, p.graph().nodes().get(i), p.nodes().get(i));
    }
    return s.append("</svg>\n").toString();
  }

  private static void group(StringBuilder s, TrafficGraph.Group g, PositionedGraph.Box b) {
    s.append("<g class=\"group\" data-group=\"").append(g.id()).append("\">");
    rect(s, b, 8);
    s.append("<text class=\"group-label\" x=\"")
        .append(num(b.x() + 10))
        .append("\" y=\"")
        .append(num(b.y() + 18))
        .append("\">")
        .append(Markup.escape(Markup.cut(g.label(), GraphLayout.MAX_LABEL)))
        .append("</text><title>namespace ")
        .append(Markup.escape(g.label()))
        .append("</title></g>\n");
  }

  private static void node(StringBuilder s, TrafficGraph.Node n, PositionedGraph.Box b) {
    s.append("<g class=\"node ")
        .append(n.kind().cssClass())
        .append("\" data-node=\"")
        .append(n.id())
        .append("\" tabindex=\"0\">");
    rect(s, b, n.kind() == NodeKind.WORKLOAD ? 4 : 14);
    s.append("<text x=\"")
        .append(num(b.x() + b.width() / 2))
        .append("\" y=\"")
        .append(num(b.y() + b.height() / 2 + 4))
        .append("\" text-anchor=\"middle\">")
        .append(Markup.escape(Markup.cut(n.label(), GraphLayout.MAX_LABEL)))
        .append("</text><title>")
        .append(Markup.escape(n.title()))
        .append("</title></g>\n");
  }

  private static void link(
      StringBuilder s,
      TrafficGraph.Link l,
      PositionedGraph.Route r,
      Map<String, TrafficGraph.Node> nodes) {
    s.append("<g class=\"link ")
        .append(l.state().cssClass())
        .append("\" data-link=\"")
        .append(l.id())
        .append("\" data-from=\"")
        .append(l.from())
        .append("\" data-to=\"")
        .append(l.to())
        .append("\"><path d=\"");
    for (int i = 0; i < r.points().size(); i++) {
      PositionedGraph.Point pt = r.points().get(i);
      s.append(i == 0 ? "M" : " L").append(num(pt.x())).append(',').append(num(pt.y()));
    }
    s.append("\" marker-end=\"url(#arrow-").append(l.state().cssClass()).append(")\"/>");
    if (r.label() != null) {
      s.append("<text class=\"link-label\" x=\"")
          .append(num(r.label().x() + 3))
          .append("\" y=\"")
          .append(num(r.label().y() + 11))
          .append("\">")
          .append(Markup.escape(l.label()))
          .append("</text>");
    }
    s.append("<title>")
        .append(Markup.escape(nodes.get(l.from()).title()))
        .append(" → ")
        .append(Markup.escape(nodes.get(l.to()).title()))
        .append(": ")
        .append(Markup.escape(String.join(", ", l.ports())))
        .append(", ")
        .append(l.count())
        .append(" connections, ")
        .append(l.state().cssClass())
        .append(", first seen ")
        .append(time(l.firstSeenMs()))
        .append(", last seen ")
        .append(time(l.lastSeenMs()))
        .append("</title></g>\n");
  }

  private static void rect(StringBuilder s, PositionedGraph.Box b, int radius) {
    s.append("<rect x=\"")
        .append(num(b.x()))
        .append("\" y=\"")
        .append(num(b.y()))
        .append("\" width=\"")
        .append(num(b.width()))
        .append("\" height=\"")
        .append(num(b.height()))
        .append("\" rx=\"")
        .append(radius)
        .append("\"/>");
  }

  static String time(long ms) {
    return ms <= 0 ? "unknown" : Instant.ofEpochMilli(ms).toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
