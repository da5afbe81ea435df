package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;

/**
 * Which objects belong to a rollout. A label alone proves nothing (anyone can set it): an object is
 * the plan's when it carries the tool's label <em>and</em> a step annotation naming a step the
 * plan's state records.
 */
public final class Ownership {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "netpol-recommend";
  public static final String STEP_ANNOTATION = "netpol-recommend.io/rollout-step";

  private Ownership() {}

  /** Carries the tool's label (which anyone may set). */
  public static boolean labelled(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL));
  }

  /** The step annotation, or null. */
  public static String step(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? null : a.get(STEP_ANNOTATION);
  }

  /** Labelled, and written by one of {@code planSteps}. */
  public static boolean owns(HasMetadata o, Set<String> planSteps) {
    return labelled(o) && step(o) != null && planSteps.contains(step(o));
  }

  /** Why a labelled object is not the plan's, for messages. */
  static String unrecorded(HasMetadata o, String plan) {
    String step = step(o);
    return "carries the "
        + MANAGED_BY_LABEL
        + "="
        + MANAGED_BY
        + " label but no step of plan "
        + plan
        + " wrote it ("
        + (step == null
            ? "no " + STEP_ANNOTATION + " annotation"
            : STEP_ANNOTATION + " names " + step + ", which this rollout state does not record")
        + ")";
  }
}
