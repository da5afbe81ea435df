package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.kube.ClusterException;
import io.netpol.kube.ClusterReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Carries out rollout steps against the Kubernetes API with plain create, update (with the live
 * resourceVersion) and delete, which every API server supports (no server-side apply). It only ever
 * changes or deletes policies the tool owns, or puts back what its snapshot holds.
 */
public final class RolloutExecutor {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "netpol-recommend";
  public static final String STEP_ANNOTATION = "netpol-recommend.io/rollout-step";

  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;

  public RolloutExecutor(KubernetesClient client) {
    this.client = client;
  }

  public static boolean isManaged(NetworkPolicy p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels != null && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL));
  }

  /** The namespace's NetworkPolicies now, by name. */
  public Map<String, NetworkPolicy> live(String namespace) {
    Map<String, NetworkPolicy> out = new TreeMap<>();
    try {
      for (NetworkPolicy p :
          client.network().v1().networkPolicies().inNamespace(namespace).list().getItems()) {
        out.put(p.getMetadata().getName(), p);
      }
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cannot list NetworkPolicies in "
              + namespace
              + ": "
              + ClusterReader.reason(e, String.valueOf(client.getMasterUrl())),
          e);
    }
    return out;
  }

  /**
   * What applying {@code proposal} does, by policy name: create what is new, update what the tool
   * created before, delete what the tool created before and no longer proposes.
   */
  public static Map<String, String> actions(
      List<NetworkPolicy> proposal, Map<String, NetworkPolicy> live) {
    Map<String, String> out = new TreeMap<>();
    for (NetworkPolicy p : proposal) {
      out.put(
          p.getMetadata().getName(),
          live.containsKey(p.getMetadata().getName()) ? UPDATED : CREATED);
    }
    for (NetworkPolicy l : live.values()) {
      if (isManaged(l) && !out.containsKey(l.getMetadata().getName())) {
        out.put(l.getMetadata().getName(), DELETED);
      }
    }
    return out;
  }

  /** JSON of each live policy, the snapshot a rollback restores. */
  public static Map<String, String> snapshot(Map<String, NetworkPolicy> live) {
    Map<String, String> out = new LinkedHashMap<>();
    live.forEach((name, p) -> out.put(name, JSON.asJson(p)));
    return out;
  }

  /** Applies the actions; {@code done} is told after each one succeeded. */
  public void apply(
      String stepId,
      String namespace,
      List<NetworkPolicy> proposal,
      Map<String, String> actions,
      BiConsumer<String, String> done) {
    Map<String, NetworkPolicy> byName = new TreeMap<>();
    proposal.forEach(p -> byName.put(p.getMetadata().getName(), p));
    for (Map.Entry<String, String> a : actions.entrySet()) {
      String name = a.getKey();
      call(
          verb(a.getValue()) + " " + namespace + "/" + name,
          () -> {
            switch (a.getValue()) {
              case CREATED:
                api(namespace).resource(owned(byName.get(name), namespace, stepId, null)).create();
                break;
              case UPDATED:
                {
                  NetworkPolicy current = api(namespace).withName(name).get();
                  String rv = current == null ? null : current.getMetadata().getResourceVersion();
                  if (current == null) {
                    api(namespace)
                        .resource(owned(byName.get(name), namespace, stepId, null))
                        .create();
                  } else {
                    api(namespace)
                        .resource(owned(byName.get(name), namespace, stepId, rv))
                        .update();
                  }
                  break;
                }
              default:
                api(namespace).withName(name).delete();
            }
          });
      done.accept(name, a.getValue());
    }
  }

  /**
   * Undoes a step: deletes what it created (only while the tool still owns it and it carries this
   * step's annotation) and puts back, from the snapshot, what it updated or deleted.
   */
  public void restore(
      String stepId,
      String namespace,
      Map<String, String> snapshot,
      Map<String, String> actions,
      BiConsumer<String, String> done) {
    for (Map.Entry<String, String> a : actions.entrySet()) {
      String name = a.getKey();
      String undo = undo(stepId, namespace, name, a.getValue(), snapshot.get(name));
      done.accept(name, undo);
    }
  }

  /** What restoring one policy does: "delete", "restore", "recreate" or "keep"; and does it. */
  private String undo(
      String stepId, String namespace, String name, String action, String snapshotJson) {
    String[] result = {"keep"};
    call(
        "restore " + namespace + "/" + name,
        () -> {
          NetworkPolicy current = api(namespace).withName(name).get();
          if (CREATED.equals(action)) {
            if (current != null && isManaged(current) && stepId.equals(annotation(current))) {
              api(namespace).withName(name).delete();
              result[0] = "delete";
            }
            return;
          }
          if (snapshotJson == null) {
            return;
          }
          NetworkPolicy before = clean(JSON.unmarshal(snapshotJson, NetworkPolicy.class));
          if (current == null) {
            api(namespace).resource(before).create();
            result[0] = "recreate";
          } else if (!sameContent(current, before)) {
            before.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            api(namespace).resource(before).update();
            result[0] = "restore";
          }
        });
    return result[0];
  }

  /** What restoring would do, without doing it. */
  public Map<String, String> previewRestore(
      String stepId, String namespace, Map<String, String> snapshot, Map<String, String> actions) {
    Map<String, String> out = new TreeMap<>();
    Map<String, NetworkPolicy> live = live(namespace);
    for (Map.Entry<String, String> a : actions.entrySet()) {
      NetworkPolicy current = live.get(a.getKey());
      String snap = snapshot.get(a.getKey());
      if (CREATED.equals(a.getValue())) {
        out.put(
            a.getKey(),
            current != null && isManaged(current) && stepId.equals(annotation(current))
                ? "delete"
                : "keep");
      } else if (snap == null) {
        out.put(a.getKey(), "keep");
      } else if (current == null) {
        out.put(a.getKey(), "recreate");
      } else {
        out.put(
            a.getKey(),
            sameContent(current, clean(JSON.unmarshal(snap, NetworkPolicy.class)))
                ? "keep"
                : "restore");
      }
    }
    return out;
  }

  /** The verb of an action: created → create. */
  public static String verb(String action) {
    return action.substring(0, action.length() - 1);
  }

  private static String annotation(NetworkPolicy p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    return a == null ? null : a.get(STEP_ANNOTATION);
  }

  private static boolean sameContent(NetworkPolicy a, NetworkPolicy b) {
    return JSON.asJson(a.getSpec()).equals(JSON.asJson(b.getSpec()))
        && java.util.Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
        && java.util.Objects.equals(
            a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations());
  }

  /** A proposed policy labelled as the tool's and stamped with the step. */
  private static NetworkPolicy owned(
      NetworkPolicy p, String namespace, String stepId, String resourceVersion) {
    return new NetworkPolicyBuilder(p)
        .editMetadata()
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToAnnotations(STEP_ANNOTATION, stepId)
        .endMetadata()
        .build();
  }

  /** A snapshot object without the fields the API server owns, ready to be written again. */
  private static NetworkPolicy clean(NetworkPolicy p) {
    ObjectMeta m = p.getMetadata();
    m.setResourceVersion(null);
    m.setUid(null);
    m.setCreationTimestamp(null);
    m.setManagedFields(null);
    m.setGeneration(null);
    m.setSelfLink(null);
    return p;
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          NetworkPolicy,
          io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList,
          io.fabric8.kubernetes.client.dsl.Resource<NetworkPolicy>>
      api(String namespace) {
    return client.network().v1().networkPolicies().inNamespace(namespace);
  }

  private void call(String what, Runnable r) {
    try {
      r.run();
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cannot " + what + ": " + ClusterReader.reason(e, String.valueOf(client.getMasterUrl())),
          e);
    }
  }
}
