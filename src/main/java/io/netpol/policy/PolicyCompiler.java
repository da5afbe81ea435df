package io.netpol.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Converts one fabric8 NetworkPolicy into a {@link CompiledPolicy}, validating as it goes. */
final class PolicyCompiler {
  private final PolicyRef ref;

  private PolicyCompiler(PolicyRef ref) {
    this.ref = ref;
  }

  static CompiledPolicy compile(NetworkPolicy policy) {
    PolicyCompiler compiler = new PolicyCompiler(refOf(policy.getMetadata()));
    return compiler.compile(policy.getSpec());
  }

  private static PolicyRef refOf(ObjectMeta metadata) {
    String namespace = metadata == null ? null : metadata.getNamespace();
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.isEmpty()) {
      String where = namespace == null ? "<unnamed>" : namespace + "/<unnamed>";
      throw new PolicyException(where, "metadata.name", "is required");
    }
    // Without a namespace we cannot know which pods the policy selects; kubectl would guess.
    if (namespace == null || namespace.isEmpty()) {
      throw new PolicyException(name, "metadata.namespace", "is required");
    }
    return new PolicyRef(namespace, name);
  }

  private CompiledPolicy compile(NetworkPolicySpec spec) {
    if (spec == null) {
      throw fail("spec", "is required");
    }
    LabelSelectorMatcher podSelector =
        LabelSelectorMatcher.compile(spec.getPodSelector(), ref, "spec.podSelector");
    List<CompiledRule> ingress = new ArrayList<>();
    for (int i = 0; spec.getIngress() != null && i < spec.getIngress().size(); i++) {
      var rule = spec.getIngress().get(i);
      String at = "spec.ingress[" + i + "]";
      ingress.add(
          rule == null ? allowAll(i) : rule(i, rule.getFrom(), at + ".from", rule.getPorts(), at));
    }
    List<CompiledRule> egress = new ArrayList<>();
    for (int i = 0; spec.getEgress() != null && i < spec.getEgress().size(); i++) {
      var rule = spec.getEgress().get(i);
      String at = "spec.egress[" + i + "]";
      egress.add(
          rule == null ? allowAll(i) : rule(i, rule.getTo(), at + ".to", rule.getPorts(), at));
    }
    return new CompiledPolicy(ref, podSelector, policyTypes(spec), ingress, egress);
  }

  /**
   * The API server's defaulting: when policyTypes is empty, Ingress, plus Egress iff {@code
   * len(spec.egress) != 0}. So {@code egress: []} does not isolate egress; fabric8 cannot tell it
   * from an absent field anyway.
   */
  private Set<Direction> policyTypes(NetworkPolicySpec spec) {
    List<String> given = spec.getPolicyTypes();
    if (given == null || given.isEmpty()) {
      boolean hasEgress = spec.getEgress() != null && !spec.getEgress().isEmpty();
      return hasEgress ? EnumSet.allOf(Direction.class) : EnumSet.of(Direction.INGRESS);
    }
    Set<Direction> types = EnumSet.noneOf(Direction.class);
    for (int i = 0; i < given.size(); i++) {
      String type = given.get(i);
      if (Direction.INGRESS.policyType().equals(type)) {
        types.add(Direction.INGRESS);
      } else if (Direction.EGRESS.policyType().equals(type)) {
        types.add(Direction.EGRESS);
      } else {
        throw fail("spec.policyTypes[" + i + "]", quote(type) + " is not one of Ingress, Egress");
      }
    }
    return types;
  }

  private static CompiledRule allowAll(int index) {
    return new CompiledRule(index, List.of(), List.of());
  }

  private CompiledRule rule(
      int index,
      List<NetworkPolicyPeer> peers,
      String peersField,
      List<NetworkPolicyPort> ports,
      String ruleField) {
    List<PeerMatcher> peerMatchers = new ArrayList<>();
    for (int i = 0; peers != null && i < peers.size(); i++) {
      // Interned, as are label keys and values: a large cluster repeats them thousands of times.
      peerMatchers.add(peer(peers.get(i), (peersField + "[" + i + "]").intern()));
    }
    List<PortMatcher> portMatchers = new ArrayList<>();
    for (int i = 0; ports != null && i < ports.size(); i++) {
      String at = (ruleField + ".ports[" + i + "]").intern();
      portMatchers.add(PortCompiler.compile(ports.get(i), ref, at));
    }
    return new CompiledRule(index, peerMatchers, portMatchers);
  }

  private PeerMatcher peer(NetworkPolicyPeer peer, String at) {
    boolean hasSelector =
        peer != null && (peer.getPodSelector() != null || peer.getNamespaceSelector() != null);
    if (peer == null || (!hasSelector && peer.getIpBlock() == null)) {
      throw fail(at, "must specify podSelector, namespaceSelector or ipBlock");
    }
    if (peer.getIpBlock() != null) {
      if (hasSelector) {
        throw fail(at, "may not combine ipBlock with podSelector or namespaceSelector");
      }
      return ipBlock(peer.getIpBlock(), at);
    }
    LabelSelectorMatcher namespaces =
        peer.getNamespaceSelector() == null
            ? null
            : LabelSelectorMatcher.compile(
                peer.getNamespaceSelector(), ref, at + ".namespaceSelector");
    LabelSelectorMatcher pods =
        LabelSelectorMatcher.compile(peer.getPodSelector(), ref, at + ".podSelector");
    return new PodPeerMatcher(at, ref.namespace(), namespaces, pods);
  }

  private IpBlockMatcher ipBlock(IPBlock block, String at) {
    Cidr cidr = cidr(block.getCidr(), at + ".ipBlock.cidr");
    List<Cidr> except = new ArrayList<>();
    for (int i = 0; block.getExcept() != null && i < block.getExcept().size(); i++) {
      String field = at + ".ipBlock.except[" + i + "]";
      Cidr excluded = cidr(block.getExcept().get(i), field);
      if (!cidr.strictlyContains(excluded)) {
        throw fail(field, quote(excluded) + " is not strictly inside cidr " + quote(cidr));
      }
      except.add(excluded);
    }
    return new IpBlockMatcher(at, cidr, except);
  }

  private Cidr cidr(String text, String field) {
    if (text == null) {
      throw fail(field, "is required");
    }
    Cidr cidr = Cidr.parse(text);
    if (cidr == null) {
      throw fail(field, quote(text) + " is not a valid CIDR");
    }
    return cidr;
  }

  private PolicyException fail(String field, String problem) {
    return new PolicyException(ref.toString(), field, problem);
  }

  static String quote(Object value) {
    return "\"" + value + "\"";
  }
}
