package io.netpol.audit;

import io.netpol.policy.Cidr;
import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.CompiledRule;
import io.netpol.policy.Direction;
import io.netpol.policy.IpBlockMatcher;
import io.netpol.policy.PeerMatcher;
import io.netpol.policy.PodPeerMatcher;
import io.netpol.policy.PortMatcher;
import io.netpol.policy.RuleRef;
import java.util.List;
import java.util.function.Consumer;

/** Finds rules that open a pod wider than a named peer: everyone, the internet, all namespaces. */
final class BroadRules {
  private static final List<Cidr> EVERY_ADDRESS =
      List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));

  private BroadRules() {}

  static void check(CompiledPolicy policy, Consumer<Finding> out) {
    for (Direction direction : Direction.values()) {
      if (!policy.isolates(direction)) {
        continue;
      }
      String who = direction == Direction.INGRESS ? "source" : "destination";
      for (CompiledRule rule : policy.rules(direction)) {
        RuleRef ref = new RuleRef(policy.ref(), direction, rule.index());
        String ns = policy.ref().namespace();
        String ports = ports(rule);
        if (rule.peers().isEmpty()) {
          Check check = rule.ports().isEmpty() ? Check.ALLOWS_EVERYTHING : Check.OPEN_TO_ANY_PEER;
          out.accept(
              new Finding(
                  check,
                  ns,
                  ref.toString(),
                  ref
                      + " has no "
                      + (direction == Direction.INGRESS ? "from" : "to")
                      + ": it allows every "
                      + who
                      + " (any pod, any namespace, the internet) on "
                      + ports));
          continue;
        }
        for (PeerMatcher peer : rule.peers()) {
          broadPeer(policy, ref, peer, who, ports, out);
        }
      }
    }
  }

  private static void broadPeer(
      CompiledPolicy policy,
      RuleRef ref,
      PeerMatcher peer,
      String who,
      String ports,
      Consumer<Finding> out) {
    String ns = policy.ref().namespace();
    String at = policy.ref() + " " + peer.field();
    if (peer instanceof IpBlockMatcher block && EVERY_ADDRESS.contains(block.cidr())) {
      String except =
          block.except().isEmpty()
              ? ""
              : " except "
                  + String.join(", ", block.except().stream().map(Cidr::toString).toList());
      out.accept(
          new Finding(
              Check.OPEN_TO_WORLD,
              ns,
              ref.toString(),
              at
                  + " ipBlock "
                  + block.cidr()
                  + except
                  + ": every internet address as "
                  + who
                  + " on "
                  + ports));
    } else if (peer instanceof PodPeerMatcher pods) {
      if (pods.namespaceSelector() != null && pods.namespaceSelector().matchesEverything()) {
        String which =
            pods.podSelector().matchesEverything()
                ? "every pod in every namespace"
                : "pods matching " + pods.podSelector() + " in every namespace";
        out.accept(
            new Finding(
                Check.OPEN_TO_ALL_NAMESPACES,
                ns,
                ref.toString(),
                at + " namespaceSelector {}: " + which + " as " + who + " on " + ports));
      } else if (pods.namespaceSelector() == null && pods.podSelector().matchesEverything()) {
        out.accept(
            new Finding(
                Check.OPEN_TO_WHOLE_NAMESPACE,
                ns,
                ref.toString(),
                at + " podSelector {}: every pod of " + ns + " as " + who + " on " + ports));
      }
    }
  }

  private static String ports(CompiledRule rule) {
    return rule.ports().isEmpty()
        ? "every port"
        : String.join(", ", rule.ports().stream().map(PortMatcher::describe).toList());
  }
}
