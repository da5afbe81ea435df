package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.stream.Collectors;

/** Small builders for policies and peers, so each test case reads like the YAML it checks. */
final class Fixtures {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Fixtures() {}

  /** A NetworkPolicy {@code namespace/name} whose spec is {@code spec} (YAML, unindented). */
  static NetworkPolicy np(String namespace, String name, String spec) {
    String indented = spec.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
    String yaml =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
        %s
        """
            .formatted(name, namespace, indented);
    return YAML.unmarshal(yaml, NetworkPolicy.class);
  }

  /** Pod {@code namespace/app} labelled {@code app=<app>}. */
  static PodPeer pod(String namespace, String app) {
    return PodPeer.of(namespace, Map.of("app", app)).withName(app);
  }

  static Connection tcp(Peer client, Peer server, int port) {
    return Connection.tcp(client, server, port);
  }

  static Connection udp(Peer client, Peer server, int port) {
    return new Connection(client, server, port, PortProtocol.UDP);
  }

  static Connection sctp(Peer client, Peer server, int port) {
    return new Connection(client, server, port, PortProtocol.SCTP);
  }
}
