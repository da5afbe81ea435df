package io.netpol.policy;

import io.netpol.flow.IpAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod endpoint.
 *
 * <p>Every namespace carries the label {@value #NAMESPACE_NAME_LABEL} set by the API server
 * (Kubernetes 1.21+); it is added here when the caller's {@code namespaceLabels} lack it, so
 * namespace selectors on it behave as in a real cluster.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name, or {@code null} when unknown; used to recognise a pod talking to
 *     itself
 * @param labels the pod's labels
 * @param namespaceLabels the labels of the pod's namespace
 * @param ip the pod's IP, or {@code null} when unknown; only a known IP can match an {@code
 *     ipBlock}
 * @param nodeName the node the pod runs on, or {@code null} when unknown
 * @param ports the pod's named container ports, against which named policy ports are resolved
 */
public record PodPeer(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> namespaceLabels,
    String ip,
    String nodeName,
    List<NamedPort> ports)
    implements Peer {

  /** The label every namespace carries with its own name. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  public PodPeer {
    Objects.requireNonNull(namespace, "namespace");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    namespaceLabels = withNameLabel(namespace, namespaceLabels);
    ports = ports == null ? List.of() : List.copyOf(ports);
    if (ip != null && IpAddresses.parse(ip) == null) {
      throw new IllegalArgumentException("\"" + ip + "\" is not an IPv4 or IPv6 address");
    }
  }

  /** A pod with no name, IP, node or ports yet. */
  public static PodPeer of(String namespace, Map<String, String> labels) {
    return new PodPeer(namespace, null, labels, null, null, null, null);
  }

  private static Map<String, String> withNameLabel(String namespace, Map<String, String> given) {
    if (given != null && given.containsKey(NAMESPACE_NAME_LABEL)) {
      return Map.copyOf(given);
    }
    Map<String, String> labels = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
    labels.put(NAMESPACE_NAME_LABEL, namespace);
    return Map.copyOf(labels);
  }

  public PodPeer withName(String podName) {
    return new PodPeer(namespace, podName, labels, namespaceLabels, ip, nodeName, ports);
  }

  public PodPeer withNamespaceLabels(Map<String, String> nsLabels) {
    return new PodPeer(namespace, name, labels, nsLabels, ip, nodeName, ports);
  }

  public PodPeer withIp(String podIp) {
    return new PodPeer(namespace, name, labels, namespaceLabels, podIp, nodeName, ports);
  }

  public PodPeer withNode(String node) {
    return new PodPeer(namespace, name, labels, namespaceLabels, ip, node, ports);
  }

  public PodPeer withPort(String portName, PortProtocol protocol, int port) {
    List<NamedPort> more = new ArrayList<>(ports);
    more.add(new NamedPort(portName, protocol, port));
    return new PodPeer(namespace, name, labels, namespaceLabels, ip, nodeName, more);
  }

  /** The container port called {@code portName} for {@code protocol}, if the pod has one. */
  public Optional<NamedPort> namedPort(String portName, PortProtocol protocol) {
    return ports.stream()
        .filter(p -> p.name().equals(portName) && p.protocol() == protocol)
        .findFirst();
  }

  /**
   * True when both describe the same pod: same namespace and same name, or, when neither has a
   * name, the same known IP. Equal labels alone do not make two pods the same.
   */
  public boolean isSamePodAs(PodPeer other) {
    if (!namespace.equals(other.namespace)) {
      return false;
    }
    if (name != null || other.name != null) {
      return Objects.equals(name, other.name);
    }
    return ip != null && Arrays.equals(IpAddresses.parse(ip), IpAddresses.parse(other.ip));
  }

  @Override
  public String toString() {
    return namespace + "/" + (name != null ? name : labels.toString());
  }
}
