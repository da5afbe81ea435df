package io.netpol.report;

import java.util.List;

/**
 * A laid-out {@link TrafficGraph}: absolute coordinates in pixels, origin top left.
 *
 * @param groups one box per namespace group
 * @param nodes one box per node
 * @param links one route per link
 */
public record PositionedGraph(
    TrafficGraph graph,
    double width,
    double height,
    List<Box> groups,
    List<Box> nodes,
    List<Route> links) {

  /** A rectangle for the group or node with the same id. */
  public record Box(String id, double x, double y, double width, double height) {}

  /** A point. */
  public record Point(double x, double y) {}

  /**
   * The path of a link, from the client's box to the server's, and where its label goes (top left
   * corner), or {@code null} when it has none.
   */
  public record Route(String id, List<Point> points, Point label) {}
}
