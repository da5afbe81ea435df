package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netpol.policy.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What writing a namespace's desired objects of one kind does to the live ones: create what is new,
 * update and delete only what the plan owns (label and a recorded step), and report as a conflict
 * any object of a desired name that it does not own. Pure.
 *
 * @param writes the writes, by name
 * @param conflicts objects in the way, one message each; nothing may be written while any exists
 * @param notes labelled objects the plan does not own and leaves alone
 */
public record ApplyPlan(List<Write> writes, List<String> conflicts, List<String> notes) {

  /**
   * One write.
   *
   * @param before the live object (JSON) or null
   * @param beforeVersion the resourceVersion the step saw: updates and deletes are made with it, so
   *     a change made after the snapshot fails the write instead of being lost
   * @param after the object to write (JSON), null for a delete
   */
  public record Write(
      PolicyKind kind,
      String name,
      ObjectChange.Action action,
      String before,
      String beforeVersion,
      String after) {

    /** The change as the state records it before the write. */
    public ObjectChange change() {
      return new ObjectChange(kind, name, action, before, after, after, false, false);
    }
  }

  public static ApplyPlan of(
      PolicyKind kind,
      String plan,
      String namespace,
      String stepId,
      List<GenericKubernetesResource> desired,
      Map<String, GenericKubernetesResource> live,
      Set<String> planSteps) {
    Map<String, Write> writes = new TreeMap<>();
    List<String> conflicts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (GenericKubernetesResource d : desired) {
      String name = d.getMetadata().getName();
      String after = PolicyContent.json(PolicyContent.stamped(d, namespace, stepId));
      GenericKubernetesResource l = live.get(name);
      if (l == null) {
        writes.put(name, new Write(kind, name, ObjectChange.Action.CREATE, null, null, after));
      } else if (Ownership.owns(l, planSteps)) {
        writes.put(
            name,
            new Write(
                kind,
                name,
                ObjectChange.Action.UPDATE,
                PolicyContent.json(l),
                l.getMetadata().getResourceVersion(),
                after));
      } else {
        conflicts.add(
            "conflict: "
                + kind.display()
                + " "
                + namespace
                + "/"
                + name
                + " exists and "
                + (Ownership.labelled(l)
                    ? Ownership.unrecorded(Ownership.step(l), "of plan " + plan)
                    : "netpol-recommend does not own it (no "
                        + Ownership.LABEL
                        + "="
                        + Ownership.OWNER
                        + " label)")
                + "; rename the proposed policy or remove the existing one, nothing was"
                + " overwritten");
      }
    }
    for (GenericKubernetesResource l : live.values()) {
      String name = l.getMetadata().getName();
      if (writes.containsKey(name) || desired.stream().anyMatch(d -> name.equals(nameOf(d)))) {
        continue;
      }
      if (Ownership.owns(l, planSteps)) {
        writes.put(
            name,
            new Write(
                kind,
                name,
                ObjectChange.Action.DELETE,
                PolicyContent.json(l),
                l.getMetadata().getResourceVersion(),
                null));
      } else if (Ownership.labelled(l)) {
        notes.add(
            kind.display()
                + " "
                + namespace
                + "/"
                + name
                + " "
                + Ownership.unrecorded(Ownership.step(l), "of plan " + plan)
                + "; left alone");
      }
    }
    return new ApplyPlan(List.copyOf(writes.values()), conflicts, notes);
  }

  private static String nameOf(GenericKubernetesResource o) {
    return o.getMetadata().getName();
  }
}
