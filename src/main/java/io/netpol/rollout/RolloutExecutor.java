package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netpol.kube.ClusterException;
import io.netpol.kube.ClusterReader;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Carries out rollout writes against the Kubernetes API with plain create, update and delete, each
 * update and delete made with the resourceVersion the step saw (no server-side apply, which not
 * every server supports). Every kind goes through the generic resource API, so Calico's staged
 * policies need no typed client. It writes only what an {@link ApplyPlan} or a {@link RestorePlan}
 * says.
 */
public final class RolloutExecutor {
  private final KubernetesClient client;

  public RolloutExecutor(KubernetesClient client) {
    this.client = client;
  }

  /** The namespace's objects of {@code kind} now, by name. */
  public Map<String, GenericKubernetesResource> live(PolicyKind kind, String namespace) {
    return call(
        "list " + kind.plural() + " in " + namespace,
        kind,
        () -> {
          Map<String, GenericKubernetesResource> out = new TreeMap<>();
          for (GenericKubernetesResource o :
              client
                  .genericKubernetesResources(context(kind))
                  .inNamespace(namespace)
                  .list()
                  .getItems()) {
            out.put(o.getMetadata().getName(), o);
          }
          return out;
        });
  }

  /** Makes one write of a plan; returns the object as the API server stored it (null: deleted). */
  public GenericKubernetesResource write(String namespace, ApplyPlan.Write w) {
    String what = w.action().verb() + " " + w.kind().display() + " " + namespace + "/" + w.name();
    return call(
        what,
        w.kind(),
        () -> {
          var api = client.genericKubernetesResources(context(w.kind())).inNamespace(namespace);
          switch (w.action()) {
            case CREATE:
              return api.resource(PolicyContent.parse(w.after())).create();
            case UPDATE:
              {
                GenericKubernetesResource o = PolicyContent.parse(w.after());
                o.getMetadata().setResourceVersion(w.beforeVersion());
                return api.resource(o).update();
              }
            default:
              api.withName(w.name()).lockResourceVersion(w.beforeVersion()).delete();
              return null;
          }
        });
  }

  /** Carries out one item of a restore plan. */
  public void restore(String namespace, RestorePlan.Item item) {
    if (!item.writes()) {
      return;
    }
    call(
        item.op().verb() + " " + item.kind().display() + " " + namespace + "/" + item.name(),
        item.kind(),
        () -> {
          var api = client.genericKubernetesResources(context(item.kind())).inNamespace(namespace);
          switch (item.op()) {
            case DELETE:
              api.withName(item.name()).lockResourceVersion(item.liveVersion()).delete();
              break;
            case RECREATE:
              api.resource(PolicyContent.withoutServerFields(item.target())).create();
              break;
            default:
              {
                GenericKubernetesResource o = PolicyContent.withoutServerFields(item.target());
                o.getMetadata().setResourceVersion(item.liveVersion());
                api.resource(o).update();
              }
          }
          return null;
        });
  }

  private static ResourceDefinitionContext context(PolicyKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(kind.version())
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(true)
        .build();
  }

  private <T> T call(String what, PolicyKind kind, Supplier<T> r) {
    try {
      return r.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 && kind == PolicyKind.STAGED_NETWORK_POLICY) {
        throw new ClusterException(
            "cannot "
                + what
                + ": the API server does not serve "
                + kind.apiVersion()
                + " "
                + kind.kind()
                + " (Calico 3.30 or newer with its API server); use mode: enforce for this step",
            e);
      }
      throw new ClusterException(
          "cannot " + what + ": " + ClusterReader.reason(e, String.valueOf(client.getMasterUrl())),
          e);
    }
  }
}
