package io.netpol.recommend;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
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
 * @param allowAnyWorld allow observed world ports to any internet address ({@code 0.0.0.0/0} minus
 *     private ranges, {@code ::/0}) instead of the observed addresses
 */
public record RecommendOptions(
    SortedSet<String> namespaces,
    SortedSet<String> excludedNamespaces,
    long minCount,
    Instant since,
    List<String> extraVolatileLabels,
    Integer worldPrefix,
    boolean allowAnyWorld) {

  /**
   * Namespaces left out of the default scope: cluster-system and CNI namespaces, and the usual
   * ingress-controller namespaces. An ingress controller serves the whole internet, which a short
   * observation never shows completely, so a default deny there would cut off real users; name it
   * with --namespace (and --allow-any-world for its public ports) to include it.
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

  public RecommendOptions {
    namespaces = new TreeSet<>(namespaces == null ? Set.of() : namespaces);
    excludedNamespaces = new TreeSet<>(excludedNamespaces == null ? Set.of() : excludedNamespaces);
    extraVolatileLabels =
        extraVolatileLabels == null ? List.of() : List.copyOf(extraVolatileLabels);
    if (minCount < 0) {
      throw new IllegalArgumentException("min count " + minCount + " is negative");
    }
    if (worldPrefix != null && (worldPrefix < 8 || worldPrefix > 32)) {
      throw new IllegalArgumentException("world prefix /" + worldPrefix + " is outside 8..32");
    }
  }

  public static RecommendOptions defaults() {
    return new RecommendOptions(null, null, 1, null, null, null, false);
  }

  public RecommendOptions withNamespaces(Set<String> ns) {
    return new RecommendOptions(
        new TreeSet<>(ns),
        excludedNamespaces,
        minCount,
        since,
        extraVolatileLabels,
        worldPrefix,
        allowAnyWorld);
  }

  public RecommendOptions withExcludedNamespaces(Set<String> ns) {
    return new RecommendOptions(
        namespaces,
        new TreeSet<>(ns),
        minCount,
        since,
        extraVolatileLabels,
        worldPrefix,
        allowAnyWorld);
  }

  public RecommendOptions withMinCount(long n) {
    return new RecommendOptions(
        namespaces, excludedNamespaces, n, since, extraVolatileLabels, worldPrefix, allowAnyWorld);
  }

  public RecommendOptions withSince(Instant cutoff) {
    return new RecommendOptions(
        namespaces,
        excludedNamespaces,
        minCount,
        cutoff,
        extraVolatileLabels,
        worldPrefix,
        allowAnyWorld);
  }

  public RecommendOptions withExtraVolatileLabels(List<String> keys) {
    return new RecommendOptions(
        namespaces, excludedNamespaces, minCount, since, keys, worldPrefix, allowAnyWorld);
  }

  public RecommendOptions withWorldPrefix(Integer prefix) {
    return new RecommendOptions(
        namespaces,
        excludedNamespaces,
        minCount,
        since,
        extraVolatileLabels,
        prefix,
        allowAnyWorld);
  }

  public RecommendOptions withAllowAnyWorld(boolean any) {
    return new RecommendOptions(
        namespaces, excludedNamespaces, minCount, since, extraVolatileLabels, worldPrefix, any);
  }
}
