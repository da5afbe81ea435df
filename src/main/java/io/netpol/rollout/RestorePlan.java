package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netpol.policy.Ownership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What undoing a step does, object by object: the one decision behind both {@code rollback} and its
 * {@code --dry-run}. Pure.
 *
 * <p>The target is each object as it was before the step. An object already there is kept. One the
 * step wrote and nobody changed since is put back (deleted, restored or recreated). One changed or
 * deleted by someone else since is a conflict, named and not touched unless forced. A recorded
 * snapshot that is not the object its change names (another name, namespace or kind, or not an
 * object the tool owned) is invalid and never written.
 */
public record RestorePlan(List<Item> items) {

  /** What happens to one object. */
  public enum Op {
    KEEP,
    DELETE,
    RESTORE,
    RECREATE,
    /** Changed by someone since the step wrote it: refused unless forced. */
    CONFLICT,
    /** The recorded snapshot does not match its change: never written. */
    INVALID;

    public String verb() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One object.
   *
   * @param op what happens; for a forced conflict, what will be done anyway
   * @param target the object to write (restore, recreate), without server fields
   * @param liveVersion the resourceVersion of the live object compared, which the write must match
   * @param conflict why the object conflicts (null when it does not); kept when forced
   */
  public record Item(
      PolicyKind kind,
      String name,
      Op op,
      GenericKubernetesResource target,
      String liveVersion,
      String conflict) {

    /** Changes the cluster. */
    public boolean writes() {
      return op == Op.DELETE || op == Op.RESTORE || op == Op.RECREATE;
    }
  }

  /** Live objects are looked up by kind and name. */
  public record Key(PolicyKind kind, String name) {}

  /**
   * @param live the namespace's live objects of every kind the step touched
   * @param force carry out conflicting items anyway (the person's change is overwritten)
   */
  public static RestorePlan of(
      String stepId,
      String namespace,
      List<ObjectChange> changes,
      Map<Key, GenericKubernetesResource> live,
      boolean force) {
    List<Item> items = new ArrayList<>();
    for (ObjectChange c : changes) {
      GenericKubernetesResource l = live.get(new Key(c.kind(), c.name()));
      if (c.before() == null && c.after() == null && l == null) {
        // Written and removed again by the step itself (a staged policy after promote): gone.
        continue;
      }
      items.add(item(stepId, namespace, c, l, force));
    }
    // Put back before taking away: the namespace keeps as many policies as it can meanwhile.
    items.sort(Comparator.comparing(i -> i.op() == Op.DELETE));
    return new RestorePlan(List.copyOf(items));
  }

  private static Item item(
      String stepId,
      String namespace,
      ObjectChange c,
      GenericKubernetesResource live,
      boolean force) {
    String liveJson = live == null ? null : PolicyContent.json(live);
    String liveVersion = live == null ? null : live.getMetadata().getResourceVersion();
    GenericKubernetesResource before = null;
    if (c.before() != null) {
      String invalid = invalidSnapshot(namespace, c);
      if (invalid != null) {
        return new Item(c.kind(), c.name(), Op.INVALID, null, liveVersion, invalid);
      }
      before = PolicyContent.withoutServerFields(PolicyContent.parse(c.before()));
    }
    if (PolicyContent.same(liveJson, c.before())) {
      return new Item(c.kind(), c.name(), Op.KEEP, null, liveVersion, null);
    }
    Op op = before == null ? Op.DELETE : live == null ? Op.RECREATE : Op.RESTORE;
    String conflict = conflict(stepId, c, live, liveJson);
    if (conflict != null && !force) {
      return new Item(c.kind(), c.name(), Op.CONFLICT, before, liveVersion, conflict);
    }
    return new Item(c.kind(), c.name(), op, before, liveVersion, conflict);
  }

  /** Why the live object is not what the step left, or null when it is. */
  private static String conflict(
      String stepId, ObjectChange c, GenericKubernetesResource live, String liveJson) {
    if (live == null) {
      return c.after() == null ? null : "deleted by someone since the step wrote it";
    }
    boolean ours =
        c.legacy()
            ? Ownership.labelled(live) && stepId.equals(Ownership.step(live))
            : PolicyContent.same(liveJson, c.after()) || PolicyContent.same(liveJson, c.wrote());
    return ours ? null : "changed by someone since the step wrote it";
  }

  /** Why a recorded snapshot may not be restored for {@code c}, or null when it may. */
  private static String invalidSnapshot(String namespace, ObjectChange c) {
    GenericKubernetesResource b;
    try {
      b = PolicyContent.parse(c.before());
    } catch (RuntimeException e) {
      return "its recorded snapshot is not a Kubernetes object";
    }
    if (b == null || b.getMetadata() == null) {
      return "its recorded snapshot has no metadata";
    }
    if (!c.kind().kind().equals(b.getKind()) || !c.kind().apiVersion().equals(b.getApiVersion())) {
      return "its recorded snapshot is a " + b.getApiVersion() + " " + b.getKind();
    }
    if (!c.name().equals(b.getMetadata().getName())) {
      return "its recorded snapshot is named " + b.getMetadata().getName();
    }
    if (b.getMetadata().getNamespace() != null
        && !namespace.equals(b.getMetadata().getNamespace())) {
      return "its recorded snapshot belongs to namespace " + b.getMetadata().getNamespace();
    }
    if (!Ownership.labelled(b)) {
      // A step only ever updates or deletes objects the tool owned; a snapshot without the label
      // was not taken by a step.
      return "its recorded snapshot is not an object netpol-recommend owned";
    }
    if (!c.legacy() && Ownership.step(b) == null) {
      return "its recorded snapshot carries no step annotation, so no step of this plan wrote it";
    }
    return null;
  }

  public List<Item> conflicts() {
    return items.stream().filter(i -> i.op() == Op.CONFLICT || i.op() == Op.INVALID).toList();
  }
}
