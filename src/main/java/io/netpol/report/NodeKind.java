package io.netpol.report;

/** What a node of the traffic graph stands for; each kind is drawn distinctly. */
public enum NodeKind {
  WORKLOAD("workload", "workload"),
  /** A whole namespace, when the graph is collapsed. */
  NAMESPACE("namespace", "namespace"),
  SERVICE("service", "service"),
  /** An internet address (with its DNS name when known). */
  WORLD("internet address", "world"),
  /** Calico's aggregated public networks. */
  PUBLIC("public networks", "public"),
  /** Private networks and network sets. */
  NETWORK("network", "network"),
  /** Cluster nodes (host network, kubelet). */
  NODE("node", "host"),
  APISERVER("Kubernetes API server", "apiserver");

  private final String legend;
  private final String cssClass;

  NodeKind(String legend, String cssClass) {
    this.legend = legend;
    this.cssClass = cssClass;
  }

  public String legend() {
    return legend;
  }

  /** The CSS class (and Mermaid class) of nodes of this kind. */
  public String cssClass() {
    return cssClass;
  }
}
