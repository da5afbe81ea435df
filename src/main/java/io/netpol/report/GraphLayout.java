package io.netpol.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.NodeLabelPlacement;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a traffic graph out with Eclipse ELK's layered algorithm (clients left, servers right),
 * namespaces as nested groups and orthogonal edges with their labels placed by ELK. Deterministic:
 * the same graph gives the same coordinates.
 */
public final class GraphLayout {
  /** Widths are estimated from the text: average advance of the 12 px sans-serif we draw with. */
  static final double CHAR_WIDTH = 7.0;

  static final double LABEL_CHAR_WIDTH = 6.0;
  static final double NODE_HEIGHT = 30;
  static final double NODE_PADDING = 24;
  static final double LABEL_HEIGHT = 14;

  /** Labels longer than this are cut in the drawing; the tooltip has the full text. */
  public static final int MAX_LABEL = 40;

  static {
    LayoutMetaDataService.getInstance()
        .registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  private GraphLayout() {}

  public static PositionedGraph layout(TrafficGraph graph) {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
    root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
    root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    root.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
    root.setProperty(CoreOptions.SPACING_EDGE_LABEL, 4.0);
    root.setProperty(CoreOptions.PADDING, new ElkPadding(16));
    Map<String, ElkNode> groups = new HashMap<>();
    for (TrafficGraph.Group g : graph.groups()) {
      ElkNode box = ElkGraphUtil.createNode(root);
      box.setIdentifier(g.id());
      box.setProperty(CoreOptions.PADDING, new ElkPadding(LABEL_HEIGHT + 18, 14, 14, 14));
      box.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
      box.setProperty(
          CoreOptions.NODE_SIZE_MINIMUM,
          new org.eclipse.elk.core.math.KVector(textWidth(g.label(), CHAR_WIDTH) + 28, 60));
      box.setProperty(CoreOptions.NODE_LABELS_PLACEMENT, NodeLabelPlacement.insideTopLeft());
      groups.put(g.id(), box);
    }
    Map<String, ElkNode> nodes = new HashMap<>();
    for (TrafficGraph.Node n : graph.nodes()) {
      ElkNode parent = n.group() == null ? root : groups.get(n.group());
      ElkNode node = ElkGraphUtil.createNode(parent);
      node.setIdentifier(n.id());
      node.setDimensions(textWidth(n.label(), CHAR_WIDTH) + NODE_PADDING, NODE_HEIGHT);
      nodes.put(n.id(), node);
    }
    Map<String, ElkEdge> edges = new HashMap<>();
    for (TrafficGraph.Link l : graph.links()) {
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(nodes.get(l.from()), nodes.get(l.to()));
      ElkLabel label = ElkGraphUtil.createLabel(l.label(), edge);
      label.setDimensions(textWidth(l.label(), LABEL_CHAR_WIDTH) + 6, LABEL_HEIGHT);
      label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
      ElkGraphUtil.updateContainment(edge);
      edges.put(l.id(), edge);
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    return positioned(graph, root, groups, nodes, edges);
  }

  private static PositionedGraph positioned(
      TrafficGraph graph,
      ElkNode root,
      Map<String, ElkNode> groups,
      Map<String, ElkNode> nodes,
      Map<String, ElkEdge> edges) {
    List<PositionedGraph.Box> groupBoxes = new ArrayList<>();
    for (TrafficGraph.Group g : graph.groups()) {
      groupBoxes.add(box(g.id(), groups.get(g.id())));
    }
    List<PositionedGraph.Box> nodeBoxes = new ArrayList<>();
    for (TrafficGraph.Node n : graph.nodes()) {
      nodeBoxes.add(box(n.id(), nodes.get(n.id())));
    }
    List<PositionedGraph.Route> routes = new ArrayList<>();
    for (TrafficGraph.Link l : graph.links()) {
      routes.add(route(l.id(), edges.get(l.id())));
    }
    return new PositionedGraph(
        graph, root.getWidth(), root.getHeight(), groupBoxes, nodeBoxes, routes);
  }

  private static PositionedGraph.Box box(String id, ElkNode n) {
    PositionedGraph.Point at = absolute(n.getParent(), n.getX(), n.getY());
    return new PositionedGraph.Box(id, at.x(), at.y(), n.getWidth(), n.getHeight());
  }

  /** Edge coordinates are relative to the edge's containing node. */
  private static PositionedGraph.Route route(String id, ElkEdge e) {
    ElkNode container = e.getContainingNode();
    List<PositionedGraph.Point> points = new ArrayList<>();
    for (ElkEdgeSection s : e.getSections()) {
      points.add(absolute(container, s.getStartX(), s.getStartY()));
      for (ElkBendPoint p : s.getBendPoints()) {
        points.add(absolute(container, p.getX(), p.getY()));
      }
      points.add(absolute(container, s.getEndX(), s.getEndY()));
    }
    PositionedGraph.Point label = null;
    if (!e.getLabels().isEmpty()) {
      ElkLabel l = e.getLabels().get(0);
      label = absolute(container, l.getX(), l.getY());
    }
    return new PositionedGraph.Route(id, points, label);
  }

  private static PositionedGraph.Point absolute(ElkNode container, double x, double y) {
    double ax = x;
    double ay = y;
    for (ElkNode n = container; n != null && n.getParent() != null; n = n.getParent()) {
      ax += n.getX();
      ay += n.getY();
    }
    return new PositionedGraph.Point(ax, ay);
  }

  static double textWidth(String text, double perChar) {
    return Math.min(text.length(), MAX_LABEL + 1) * perChar;
  }
}
