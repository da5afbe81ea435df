package io.netpol.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;

/**
 * Which policies netpol-recommend owns, one rule for {@code diff}, {@code explain} and {@code
 * netpol-rollout}. A label alone proves nothing (anyone can set it): a policy is the tool's when it
 * carries the {@code app.kubernetes.io/managed-by: netpol-recommend} label <em>and</em> a {@value
 * #STEP_ANNOTATION} annotation naming a rollout step the store records. Only those are updated or
 * deleted; every other policy stays, and one with a proposed policy's name is a conflict.
 */
public final class Ownership {
  /** The label naming who manages an object. */
  public static final String LABEL = "app.kubernetes.io/managed-by";

  /** Its value on the policies this tool writes. */
  public static final String OWNER = "netpol-recommend";

  /** The annotation naming the rollout step that wrote an object. */
  public static final String STEP_ANNOTATION = "netpol-recommend.io/rollout-step";

  private Ownership() {}

  /** The value of the managed-by label, or {@code null} when the object has none. */
  public static String owner(HasMetadata o) {
    Map<String, String> labels = o.getMetadata() == null ? null : o.getMetadata().getLabels();
    return labels == null ? null : labels.get(LABEL);
  }

  /** The step annotation, or {@code null}. */
  public static String step(HasMetadata o) {
    Map<String, String> a = o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
    return a == null ? null : a.get(STEP_ANNOTATION);
  }

  /** Carries the tool's label (which anyone may set). */
  public static boolean labelled(HasMetadata o) {
    return OWNER.equals(owner(o));
  }

  /** Labelled, and written by one of {@code recordedSteps}. */
  public static boolean owns(HasMetadata o, Set<String> recordedSteps) {
    return owns(owner(o), step(o), recordedSteps);
  }

  /** The rule on a policy's label value and step annotation. */
  public static boolean owns(String owner, String step, Set<String> recordedSteps) {
    return OWNER.equals(owner) && step != null && recordedSteps.contains(step);
  }

  /** Why an object labelled as the tool's is not its own, for messages. */
  public static String unrecorded(String step, String where) {
    return "carries the "
        + LABEL
        + "="
        + OWNER
        + " label but no step "
        + where
        + " wrote it ("
        + (step == null
            ? "no " + STEP_ANNOTATION + " annotation"
            : STEP_ANNOTATION + " names " + step + ", which this rollout state does not record")
        + ")";
  }
}
