package io.netpol.ingest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the owning workload's name from a pod name when the flow log does not say it.
 *
 * <p>Controllers name pods predictably: a Deployment's pods are {@code <name>-<rs hash>-<suffix>},
 * a StatefulSet's {@code <name>-<ordinal>}, a DaemonSet's or Job's {@code <name>-<suffix>}. The
 * hash and suffix use Kubernetes' "safe" alphabet (no vowels, no 0/1/3), which keeps ordinary words
 * in names from being cut off.
 */
public final class WorkloadNames {

  private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT =
      Pattern.compile("^(.+)-" + SAFE + "{6,10}-" + SAFE + "{5}$");
  private static final Pattern REPLICA_SET = Pattern.compile("^(.+)-" + SAFE + "{6,10}$");
  private static final Pattern STATEFUL = Pattern.compile("^(.+)-\\d+$");
  private static final Pattern GENERATED = Pattern.compile("^(.+)-" + SAFE + "{5}$");

  private WorkloadNames() {}

  /**
   * @param podName the pod's name (may be an aggregated Calico name ending in {@code -*})
   * @param labels the pod's full label set, volatile labels included: they name the controller
   */
  public static String fromPodName(String podName, Map<String, String> labels) {
    String name = podName;
    if (name.endsWith("-*")) {
      name = name.substring(0, name.length() - 2);
      String hash = labels.get("pod-template-hash");
      if (hash != null && name.endsWith("-" + hash)) {
        return name.substring(0, name.length() - hash.length() - 1);
      }
      Matcher rs = REPLICA_SET.matcher(name);
      return rs.matches() ? rs.group(1) : name;
    }
    String hash = labels.get("pod-template-hash");
    if (hash != null) {
      int at = name.lastIndexOf("-" + hash + "-");
      if (at > 0) {
        return name.substring(0, at);
      }
    }
    if (labels.containsKey("statefulset.kubernetes.io/pod-name")
        || labels.containsKey("apps.kubernetes.io/pod-index")) {
      Matcher m = STATEFUL.matcher(name);
      if (m.matches()) {
        return m.group(1);
      }
    }
    String job = labels.get("job-name");
    if (job == null) {
      job = labels.get("batch.kubernetes.io/job-name");
    }
    if (job != null && name.startsWith(job + "-")) {
      return job;
    }
    Matcher m = DEPLOYMENT.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    m = STATEFUL.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    m = GENERATED.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    return name;
  }

  /** For pods whose name is unknown: the conventional name labels, in order of preference. */
  public static String fromLabels(Map<String, String> labels) {
    for (String key : new String[] {"app.kubernetes.io/name", "app", "k8s-app", "name"}) {
      String value = labels.get(key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return "unknown";
  }
}
