package io.netpol.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** The policy formats {@code propose --output-format} writes, each with its renderer. */
public enum PolicyFormat {
  KUBERNETES(KubernetesRenderer::new),
  HELM(HelmRenderer::new),
  CILIUM(CiliumRenderer::new),
  CALICO(CalicoRenderer::new),
  CALICO_STAGED(CalicoStagedRenderer::new),
  CLUSTER_BASELINE(ClusterBaselineRenderer::new);

  private final Supplier<Renderer> renderer;

  PolicyFormat(Supplier<Renderer> renderer) {
    this.renderer = renderer;
  }

  public Renderer renderer() {
    return renderer.get();
  }

  /** {@code calico-staged}, ... */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The format named {@code name} on the command line, or null. */
  public static PolicyFormat fromCliName(String name) {
    return Arrays.stream(values())
        .filter(f -> f.cliName().equals(name.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElse(null);
  }

  @Override
  public String toString() {
    return cliName();
  }
}
