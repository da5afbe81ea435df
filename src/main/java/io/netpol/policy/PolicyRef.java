package io.netpol.policy;

import java.util.Objects;

/** Identifies a NetworkPolicy by namespace and name; renders as {@code namespace/name}. */
public record PolicyRef(String namespace, String name) implements Comparable<PolicyRef> {
  public PolicyRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(PolicyRef other) {
    int byNamespace = namespace.compareTo(other.namespace);
    return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
