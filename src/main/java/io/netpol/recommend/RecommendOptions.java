package io.netpol.recommend;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to propose.
 *
 * @param namespaces namespaces in scope; empty means every namespace with observed pods except the
 *     {@link #SYSTEM_NAMESPACES}
 * @param excludedNamespaces namespaces never in scope
 * @param minCount connections seen fewer times are dropped as weak evidence
 * @param since connections last seen before this are dropped as old evidence; null keeps all
 * @param extraVolatileLabels label keys (or prefixes ending in {@code *}) never to select on, on
 *     top of {@link io.netpol.flow.LabelPolicy#BUILT_IN_VOLATILE}
 * @param worldPrefix when set, world IPv4 peers are widened to their covering {@code /worldPrefix}
 *     network (8..32); null keeps each address as a /32
 * @param allowAnyWorld allow observed world ports to any internet address instead of the observed
 *     addresses
 * @param publicClients a server port that received from at least this many distinct public
 *     addresses (or from Calico's aggregated {@code pub}) is opened to the internet on that port; 0
 *     keeps one {@code /32} per address
 * @param unknownPeers what to do with a peer whose address the flow logs do not carry
 * @param peerCidrs addresses of named networks ({@code pvt}, a NetworkSet, a host endpoint), by
 *     name ({@code --peer-cidr NAME=CIDR})
 * @param grouping whether a whole namespace may replace its workloads as peers
 * @param namePrefix put before every policy name, so the tool's names cannot collide with
 *     hand-written ones
 */
public record RecommendOptions(
    SortedSet<String> namespaces,
    SortedSet<String> excludedNamespaces,
    long minCount,
    Instant since,
    List<String> extraVolatileLabels,
    Integer worldPrefix,
    boolean allowAnyWorld,
    int publicClients,
    UnknownPeers unknownPeers,
    SortedMap<String, List<String>> peerCidrs,
    Grouping grouping,
    String namePrefix) {

  /** Default of {@link #publicClients()}. */
  public static final int DEFAULT_PUBLIC_CLIENTS = 10;

  /** Default of {@link #namePrefix()}. */
  public static final String DEFAULT_NAME_PREFIX = "netpol-recommend-";

  /**
   * Namespaces left out of the default scope: cluster-system and CNI namespaces, and the usual
   * ingress-controller namespaces. An ingress controller serves the whole internet, which a short
   * observation never shows completely, so a default deny there would cut off real users; name it
   * with --namespace to include it (its public ports are then opened to the internet).
   */
  public static final Set<String> SYSTEM_NAMESPACES =
      Set.of(
          "kube-system",
          "kube-public",
          "kube-node-lease",
          "calico-system",
          "calico-apiserver",
          "tigera-operator",
          "cilium",
          "cilium-secrets",
          "ingress-nginx",
          "istio-system",
          "istio-ingress");

  /**
   * A peer whose address the flow logs do not carry (Goldmane, Calico's {@code pub}/{@code pvt}).
   */
  public enum UnknownPeers {
    /** Allow a broad range (internet, private ranges) on exactly the observed ports, and say so. */
    BROAD,
    /** Propose no rule for it and list it for review: the default deny will block it. */
    DROP
  }

  /** How pod peers are grouped. */
  public enum Grouping {
    /** Workloads (several of one namespace may share one {@code In} selector when exact). */
    WORKLOAD,
    /**
     * A whole namespace when every workload seen there is a peer of the rule (allows its future
     * workloads too).
     */
    NAMESPACE
  }

  public RecommendOptions {
    namespaces = new TreeSet<>(namespaces == null ? Set.of() : namespaces);
    excludedNamespaces = new TreeSet<>(excludedNamespaces == null ? Set.of() : excludedNamespaces);
    extraVolatileLabels =
        extraVolatileLabels == null ? List.of() : List.copyOf(extraVolatileLabels);
    SortedMap<String, List<String>> cidrs = new TreeMap<>();
    if (peerCidrs != null) {
      peerCidrs.forEach((k, v) -> cidrs.put(k, List.copyOf(v)));
    }
    peerCidrs = Collections.unmodifiableSortedMap(cidrs);
    unknownPeers = unknownPeers == null ? UnknownPeers.BROAD : unknownPeers;
    grouping = grouping == null ? Grouping.WORKLOAD : grouping;
    namePrefix = namePrefix == null ? "" : namePrefix;
    if (minCount < 0) {
      throw new IllegalArgumentException("min count " + minCount + " is negative");
    }
    if (worldPrefix != null && (worldPrefix < 8 || worldPrefix > 32)) {
      throw new IllegalArgumentException("world prefix /" + worldPrefix + " is outside 8..32");
    }
    if (publicClients < 0) {
      throw new IllegalArgumentException("public clients " + publicClients + " is negative");
    }
    if (!namePrefix.isEmpty() && !KubernetesNames.isNamePrefix(namePrefix)) {
      throw new IllegalArgumentException("name prefix " + namePrefix + " is not a name prefix");
    }
  }

  /**
   * Parses a {@code --peer-cidr} value, {@code NAME=CIDR}: NAME is a network name of the flow logs
   * ({@code pvt}, {@code pub}, a NetworkSet as {@code NAME} or {@code NAMESPACE/NAME}), or {@code
   * nodes} / {@code apiserver} for the node and API server addresses.
   *
   * @return the name and the CIDR in canonical form
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static Map.Entry<String, String> parsePeerCidr(String value) {
    int eq = value.indexOf('=');
    String name = eq < 0 ? "" : value.substring(0, eq);
    String cidr = eq < 0 ? "" : value.substring(eq + 1);
    int slash = name.indexOf('/');
    boolean nameOk =
        slash < 0
            ? KubernetesNames.isDns1123Subdomain(name)
            : KubernetesNames.isDns1123Label(name.substring(0, slash))
                && KubernetesNames.isDns1123Subdomain(name.substring(slash + 1));
    if (!nameOk) {
      throw new IllegalArgumentException(
          "expected NAME=CIDR with NAME a network of the flow logs (pvt, pub, a network set as NAME"
              + " or NAMESPACE/NAME) or nodes/apiserver, not "
              + KubernetesNames.shown(value));
    }
    IpNetwork net = IpNetwork.parse(cidr);
    if (net == null) {
      throw new IllegalArgumentException(
          KubernetesNames.shown(cidr) + " is not a CIDR (e.g. 10.20.0.0/16 or 2001:db8::/48)");
    }
    return Map.entry(name, net.text());
  }

  /** Every namespace, no thresholds, the default public-client threshold and name prefix. */
  public static RecommendOptions defaults() {
    return new RecommendOptions(
        null,
        null,
        1,
        null,
        null,
        null,
        false,
        DEFAULT_PUBLIC_CLIENTS,
        UnknownPeers.BROAD,
        null,
        Grouping.WORKLOAD,
        DEFAULT_NAME_PREFIX);
  }

  public RecommendOptions withNamespaces(Set<String> ns) {
    return builder().namespaces(ns).build();
  }

  public RecommendOptions withExcludedNamespaces(Set<String> ns) {
    return builder().excluded(ns).build();
  }

  public RecommendOptions withMinCount(long n) {
    return builder().minCount(n).build();
  }

  public RecommendOptions withSince(Instant cutoff) {
    return builder().since(cutoff).build();
  }

  public RecommendOptions withExtraVolatileLabels(List<String> keys) {
    return builder().volatileLabels(keys).build();
  }

  public RecommendOptions withWorldPrefix(Integer prefix) {
    return builder().worldPrefix(prefix).build();
  }

  public RecommendOptions withAllowAnyWorld(boolean any) {
    return builder().allowAnyWorld(any).build();
  }

  public RecommendOptions withPublicClients(int n) {
    return builder().publicClients(n).build();
  }

  public RecommendOptions withUnknownPeers(UnknownPeers u) {
    return builder().unknownPeers(u).build();
  }

  public RecommendOptions withPeerCidrs(SortedMap<String, List<String>> cidrs) {
    return builder().peerCidrs(cidrs).build();
  }

  public RecommendOptions withGrouping(Grouping g) {
    return builder().grouping(g).build();
  }

  public RecommendOptions withNamePrefix(String prefix) {
    return builder().namePrefix(prefix).build();
  }

  private Builder builder() {
    return new Builder(this);
  }

  /** A copy with one component changed at a time. */
  private static final class Builder {
    private Set<String> namespaces;
    private Set<String> excluded;
    private long minCount;
    private Instant since;
    private List<String> volatileLabels;
    private Integer worldPrefix;
    private boolean allowAnyWorld;
    private int publicClients;
    private UnknownPeers unknownPeers;
    private SortedMap<String, List<String>> peerCidrs;
    private Grouping grouping;
    private String namePrefix;

    Builder(RecommendOptions o) {
      namespaces = o.namespaces;
      excluded = o.excludedNamespaces;
      minCount = o.minCount;
      since = o.since;
      volatileLabels = o.extraVolatileLabels;
      worldPrefix = o.worldPrefix;
      allowAnyWorld = o.allowAnyWorld;
      publicClients = o.publicClients;
      unknownPeers = o.unknownPeers;
      peerCidrs = o.peerCidrs;
      grouping = o.grouping;
      namePrefix = o.namePrefix;
    }

    Builder namespaces(Set<String> v) {
      namespaces = v;
      return this;
    }

    Builder excluded(Set<String> v) {
      excluded = v;
      return this;
    }

    Builder minCount(long v) {
      minCount = v;
      return this;
    }

    Builder since(Instant v) {
      since = v;
      return this;
    }

    Builder volatileLabels(List<String> v) {
      volatileLabels = v;
      return this;
    }

    Builder worldPrefix(Integer v) {
      worldPrefix = v;
      return this;
    }

    Builder allowAnyWorld(boolean v) {
      allowAnyWorld = v;
      return this;
    }

    Builder publicClients(int v) {
      publicClients = v;
      return this;
    }

    Builder unknownPeers(UnknownPeers v) {
      unknownPeers = v;
      return this;
    }

    Builder peerCidrs(SortedMap<String, List<String>> v) {
      peerCidrs = v;
      return this;
    }

    Builder grouping(Grouping v) {
      grouping = v;
      return this;
    }

    Builder namePrefix(String v) {
      namePrefix = v;
      return this;
    }

    RecommendOptions build() {
      return new RecommendOptions(
          new TreeSet<>(namespaces),
          new TreeSet<>(excluded),
          minCount,
          since,
          volatileLabels,
          worldPrefix,
          allowAnyWorld,
          publicClients,
          unknownPeers,
          peerCidrs,
          grouping,
          namePrefix);
    }
  }
}
