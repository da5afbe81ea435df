package io.netpol.report;

import io.netpol.flow.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a traffic graph as a Mermaid flowchart (GitHub and GitLab render it in Markdown).
 * Identifiers are the graph's generated ones. Labels are quoted, and the characters that could end
 * a quoted label, start an entity code or HTML, or close the Markdown code fence are replaced by
 * look-alikes ({@code "} by {@code '}, {@code <} by {@code ‹}, ...): Mermaid's own entity codes
 * ({@code #60;}) are not decoded by every Mermaid version, and Kubernetes names never hold these
 * characters, so only hostile or broken names change.
 */
public final class Mermaid {
  private static final String UNSAFE = "\"<>&#`|";
  private static final String LOOK_ALIKES = "'‹›+♯'¦";

  private Mermaid() {}

  /** A quoted Mermaid label for {@code text}, cut to {@link GraphLayout#MAX_LABEL}. */
  public static String label(String text) {
    String printable = Printable.of(Markup.cut(text, GraphLayout.MAX_LABEL));
    StringBuilder out = new StringBuilder(printable.length() + 2).append('"');
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      int unsafe = UNSAFE.indexOf(c);
      out.append(unsafe >= 0 ? LOOK_ALIKES.charAt(unsafe) : c);
    }
    return out.append('"').toString();
  }

  public static String flowchart(TrafficGraph g) {
    StringBuilder m = new StringBuilder("flowchart LR\n");
    for (TrafficGraph.Group group : g.groups()) {
      m.append("  subgraph ").append(group.id()).append('[').append(label(group.label()));
      m.append("]\n");
      for (TrafficGraph.Node n : g.nodes()) {
        if (group.id().equals(n.group())) {
          node(m.append("    "), n);
        }
      }
      m.append("  end\n");
    }
    for (TrafficGraph.Node n : g.nodes()) {
      if (n.group() == null) {
        node(m.append("  "), n);
      }
    }
    List<Integer> red = new ArrayList<>();
    List<Integer> orange = new ArrayList<>();
    for (int i = 0; i < g.links().size(); i++) {
      TrafficGraph.Link l = g.links().get(i);
      boolean dashed = l.state() == LinkState.BLOCKED_BY_POLICY || l.state() == LinkState.AUDIT;
      String text = (l.state() == LinkState.ALLOWED ? "" : words(l.state()) + " ") + l.label();
      m.append("  ").append(l.from()).append(dashed ? " -.->|" : " -->|").append(label(text));
      m.append("| ").append(l.to()).append('\n');
      if (l.state() == LinkState.DENIED || l.state() == LinkState.BLOCKED_BY_POLICY) {
        red.add(i);
      } else if (l.state() == LinkState.AUDIT) {
        orange.add(i);
      }
    }
    linkStyle(m, red, "stroke:#c53030,stroke-width:2px,color:#c53030");
    linkStyle(m, orange, "stroke:#dd6b20,stroke-width:2px");
    m.append("  classDef kworkload fill:#ebf4ff,stroke:#2b6cb0\n")
        .append("  classDef knamespace fill:#edf2f7,stroke:#4a5568\n")
        .append("  classDef kservice fill:#f0fff4,stroke:#2f855a\n")
        .append("  classDef kworld fill:#fffaf0,stroke:#c05621\n")
        .append("  classDef kpublic fill:#fefcbf,stroke:#b7791f\n")
        .append("  classDef knetwork fill:#faf5ff,stroke:#6b46c1\n")
        .append("  classDef khost fill:#f7fafc,stroke:#718096,stroke-dasharray:3 2\n")
        .append("  classDef kapiserver fill:#e6fffa,stroke:#2c7a7b\n");
    return m.toString();
  }

  private static String words(LinkState state) {
    return switch (state) {
      case DENIED -> "denied";
      case AUDIT -> "would be denied";
      case BLOCKED_BY_POLICY -> "blocked by policies";
      case ALLOWED -> "";
    };
  }

  private static void node(StringBuilder m, TrafficGraph.Node n) {
    String label = label(n.label());
    String shape =
        switch (n.kind()) {
          case WORKLOAD, NAMESPACE -> "[" + label + "]";
          case SERVICE -> "[[" + label + "]]";
          case WORLD, PUBLIC, NETWORK -> "{{" + label + "}}";
          case NODE, APISERVER -> "[/" + label + "/]";
        };
    m.append(n.id()).append(shape).append(":::k").append(n.kind().cssClass()).append('\n');
  }

  private static void linkStyle(StringBuilder m, List<Integer> links, String style) {
    if (!links.isEmpty()) {
      m.append("  linkStyle ");
      m.append(String.join(",", links.stream().map(String::valueOf).toList()));
      m.append(' ').append(style).append('\n');
    }
  }
}
