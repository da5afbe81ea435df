package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netpol.store.RolloutStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a step's writes in a safe order (create and update first, delete last, so the
 * namespace is never left with fewer policies than needed), recording each as the API server
 * answered it.
 */
final class StepWrites {
  private StepWrites() {}

  static void run(
      RolloutExecutor ex,
      RolloutStore state,
      String stepId,
      String namespace,
      List<ApplyPlan.Write> writes) {
    for (ApplyPlan.Write w : ordered(writes)) {
      GenericKubernetesResource stored = ex.write(namespace, w);
      state.objectWritten(
          stepId, w.kind().kind(), w.name(), stored == null ? null : PolicyContent.json(stored));
    }
  }

  static List<ApplyPlan.Write> ordered(List<ApplyPlan.Write> writes) {
    List<ApplyPlan.Write> out = new ArrayList<>();
    writes.stream().filter(w -> w.action() != ObjectChange.Action.DELETE).forEach(out::add);
    writes.stream().filter(w -> w.action() == ObjectChange.Action.DELETE).forEach(out::add);
    return out;
  }

  static List<io.netpol.store.ObjectRecord> rows(List<ApplyPlan.Write> writes) {
    return writes.stream().map(w -> Records.row(w.change())).toList();
  }
}
