package io.netpol.policy;

import static io.netpol.policy.PolicyCompiler.quote;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/** Converts and validates one {@code ports[]} entry of a rule. */
final class PortCompiler {
  private PortCompiler() {}

  static PortMatcher compile(NetworkPolicyPort port, PolicyRef ref, String at) {
    if (port == null) {
      // "- {}" in YAML: no protocol, no port, i.e. every TCP port after defaulting.
      return new PortMatcher(at, PortProtocol.TCP, null, null, null);
    }
    PortProtocol protocol = protocol(port.getProtocol(), ref, at + ".protocol");
    Object value = port.getPort() == null ? null : port.getPort().getValue();
    Integer endPort = port.getEndPort();
    if (value instanceof String name) {
      if (!isPortName(name)) {
        throw fail(ref, at + ".port", quote(name) + " is not a valid port name");
      }
      if (endPort != null) {
        throw fail(ref, at + ".endPort", "requires a numeric port, but port is " + quote(name));
      }
      return new PortMatcher(at, protocol, null, null, name);
    }
    Integer number = number(port.getPort(), ref, at + ".port");
    if (endPort != null) {
      if (number == null) {
        throw fail(ref, at + ".endPort", "requires a numeric port, but port is absent");
      }
      checkRange(endPort, ref, at + ".endPort");
      if (endPort < number) {
        throw fail(ref, at + ".endPort", endPort + " must not be less than port " + number);
      }
    }
    return new PortMatcher(at, protocol, number, endPort, null);
  }

  private static PortProtocol protocol(String text, PolicyRef ref, String field) {
    if (text == null) {
      return PortProtocol.TCP;
    }
    PortProtocol protocol = PortProtocol.parse(text);
    if (protocol == null) {
      throw fail(ref, field, quote(text) + " is not one of TCP, UDP, SCTP");
    }
    return protocol;
  }

  private static Integer number(IntOrString port, PolicyRef ref, String field) {
    Object value = port == null ? null : port.getValue();
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer number)) {
      throw fail(ref, field, quote(value) + " is neither a port number nor a port name");
    }
    checkRange(number, ref, field);
    return number;
  }

  private static void checkRange(int port, PolicyRef ref, String field) {
    if (port < 1 || port > 65535) {
      throw fail(ref, field, port + " is outside 1..65535");
    }
  }

  /** Kubernetes' IANA_SVC_NAME: 1-15 of [a-z0-9-], a letter somewhere, no edge or double '-'. */
  private static boolean isPortName(String name) {
    if (name.isEmpty()
        || name.length() > 15
        || name.startsWith("-")
        || name.endsWith("-")
        || name.contains("--")) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean lower = c >= 'a' && c <= 'z';
      if (!lower && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
      letter |= lower;
    }
    return letter;
  }

  private static PolicyException fail(PolicyRef ref, String field, String problem) {
    return new PolicyException(ref.toString(), field, problem);
  }
}
