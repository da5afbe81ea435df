package io.netpol.report;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The traffic as a graph: namespaces as groups, workloads and other peers as nodes, one link per
 * client, server and state with its ports and counts. Beyond {@code limit} workloads the graph is
 * collapsed to one node per namespace. Identifiers ({@code g1}, {@code n1}, {@code l1}) are
 * generated, never taken from flow data. Pure.
 *
 * @param groups namespaces holding nodes, sorted by name
 * @param nodes the nodes, sorted by identity
 * @param links the links, sorted by client, server and state
 * @param workloads how many workloads the connections involve
 * @param limit the workload count beyond which the graph is collapsed
 * @param collapsed true when nodes are namespaces rather than workloads
 */
public record TrafficGraph(
    List<Group> groups,
    List<Node> nodes,
    List<Link> links,
    int workloads,
    int limit,
    boolean collapsed) {

  /** Beyond this many distinct internet peers, they are drawn as one "internet" node. */
  static final int WORLD_NODES = 12;

  /** A namespace box. */
  public record Group(String id, String label) {}

  /**
   * @param group the id of the group holding it, or {@code null}
   * @param title the full description (members of aggregated nodes)
   */
  public record Node(String id, String label, String group, NodeKind kind, String title) {}

  /** Connections from one node to another with one state. */
  public record Link(
      String id,
      String from,
      String to,
      LinkState state,
      List<String> ports,
      long count,
      long firstSeenMs,
      long lastSeenMs) {

    /** {@code 5432/TCP · 10}; at most three ports are named. */
    public String label() {
      String shown = String.join(", ", ports.subList(0, Math.min(3, ports.size())));
      if (ports.size() > 3) {
        shown += " +" + (ports.size() - 3);
      }
      return shown + " · " + count;
    }
  }

  public static TrafficGraph of(List<JudgedConnection> connections, int limit) {
    SortedSet<String> workloads = new TreeSet<>();
    SortedSet<String> world = new TreeSet<>();
    for (JudgedConnection j : connections) {
      for (Endpoint e : List.of(j.connection().client(), j.connection().server())) {
        if (e.kind() == EndpointKind.POD) {
          workloads.add(e.key());
        } else if (e.kind() == EndpointKind.WORLD) {
          world.add(worldName(e));
        }
      }
    }
    boolean collapsed = workloads.size() > limit;
    boolean oneWorld = world.size() > WORLD_NODES;
    Map<String, NodeDraft> drafts = new TreeMap<>();
    Map<String, LinkDraft> links = new TreeMap<>();
    for (JudgedConnection j : connections) {
      ObservedConnection c = j.connection();
      NodeDraft from = draft(drafts, c.client(), collapsed, oneWorld);
      NodeDraft to = draft(drafts, c.server(), collapsed, oneWorld);
      links
          .computeIfAbsent(
              from.key + "\u0000" + to.key + "\u0000" + j.state().ordinal(),
              k -> new LinkDraft(from.key, to.key, j.state()))
          .add(c);
    }
    return assemble(drafts, links, workloads.size(), limit, collapsed);
  }

  private static TrafficGraph assemble(
      Map<String, NodeDraft> drafts,
      Map<String, LinkDraft> links,
      int workloads,
      int limit,
      boolean collapsed) {
    Map<String, String> groupIds = new TreeMap<>();
    drafts.values().stream()
        .map(d -> d.namespace)
        .filter(java.util.Objects::nonNull)
        .sorted()
        .distinct()
        .forEach(ns -> groupIds.put(ns, "g" + (groupIds.size() + 1)));
    List<Group> groups = new ArrayList<>();
    groupIds.forEach((ns, id) -> groups.add(new Group(id, ns)));
    Map<String, String> nodeIds = new TreeMap<>();
    List<Node> nodes = new ArrayList<>();
    for (NodeDraft d : drafts.values()) {
      String id = "n" + (nodes.size() + 1);
      nodeIds.put(d.key, id);
      nodes.add(
          new Node(
              id,
              d.label,
              d.namespace == null ? null : groupIds.get(d.namespace),
              d.kind,
              d.title()));
    }
    List<Link> out = new ArrayList<>();
    for (LinkDraft l : links.values()) {
      out.add(
          new Link(
              "l" + (out.size() + 1),
              nodeIds.get(l.from),
              nodeIds.get(l.to),
              l.state,
              List.copyOf(l.ports),
              l.count,
              l.first == Long.MAX_VALUE ? 0 : l.first,
              l.last));
    }
    return new TrafficGraph(groups, nodes, out, workloads, limit, collapsed);
  }

  private static String worldName(Endpoint e) {
    return !e.dnsNames().isEmpty() ? e.dnsNames().first() : e.ip() != null ? e.ip() : "internet";
  }

  private static NodeDraft draft(
      Map<String, NodeDraft> drafts, Endpoint e, boolean collapsed, boolean oneWorld) {
    NodeDraft d = identify(e, collapsed, oneWorld);
    NodeDraft existing = drafts.putIfAbsent(d.key, d);
    NodeDraft node = existing == null ? d : existing;
    node.members.add(e.display());
    return node;
  }

  private static NodeDraft identify(Endpoint e, boolean collapsed, boolean oneWorld) {
    switch (e.kind()) {
      case POD:
      case SERVICE:
        if (collapsed) {
          return new NodeDraft("ns:" + e.namespace(), e.namespace(), null, NodeKind.NAMESPACE);
        }
        return e.kind() == EndpointKind.POD
            ? new NodeDraft(e.key(), e.workload(), e.namespace(), NodeKind.WORKLOAD)
            : new NodeDraft(e.key(), "service " + e.name(), e.namespace(), NodeKind.SERVICE);
      case HOST:
        return e.ownNode()
            ? new NodeDraft("host:own", "own node (kubelet)", null, NodeKind.NODE)
            : new NodeDraft("host:nodes", "cluster nodes", null, NodeKind.NODE);
      case APISERVER:
        return new NodeDraft("apiserver", "kube-apiserver", null, NodeKind.APISERVER);
      case WORLD:
        return oneWorld
            ? new NodeDraft("world:*", "internet", null, NodeKind.WORLD)
            : new NodeDraft("world:" + worldName(e), worldName(e), null, NodeKind.WORLD);
      default:
        if ("pub".equals(e.name())) {
          return new NodeDraft("network:pub", "public networks", null, NodeKind.PUBLIC);
        }
        if ("pvt".equals(e.name())) {
          return new NodeDraft("network:pvt", "private networks", null, NodeKind.NETWORK);
        }
        String ns = collapsed ? null : e.namespace();
        return new NodeDraft(e.key(), e.display(), ns, NodeKind.NETWORK);
    }
  }

  private static final class NodeDraft {
    final String key;
    final String label;
    final String namespace;
    final NodeKind kind;
    final SortedSet<String> members = new TreeSet<>();

    NodeDraft(String key, String label, String namespace, NodeKind kind) {
      this.key = key;
      this.label = label;
      this.namespace = namespace;
      this.kind = kind;
    }

    String title() {
      List<String> shown = members.stream().limit(20).toList();
      String more = members.size() > 20 ? " and " + (members.size() - 20) + " more" : "";
      return kind.legend() + ": " + String.join(", ", shown) + more;
    }
  }

  private static final class LinkDraft {
    final String from;
    final String to;
    final LinkState state;
    final SortedSet<String> ports = new TreeSet<>();
    long count;
    long first = Long.MAX_VALUE;
    long last;

    LinkDraft(String from, String to, LinkState state) {
      this.from = from;
      this.to = to;
      this.state = state;
    }

    void add(ObservedConnection c) {
      ports.add(c.port() + "/" + c.protocol());
      count += c.count();
      if (c.firstSeenMs() > 0) {
        first = Math.min(first, c.firstSeenMs());
      }
      last = Math.max(last, c.lastSeenMs());
    }
  }
}
