package io.netpol.flow;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the owning workload's name from a pod name or an owner reference, so the same pods get
 * the same workload whatever the flow-log format.
 *
 * <p>Controllers name pods predictably: a Deployment's pods are {@code <name>-<rs hash>-<suffix>},
 * a StatefulSet's {@code <name>-<ordinal>}, a DaemonSet's or Job's {@code <name>-<suffix>}, and a
 * CronJob's Jobs {@code <cronjob>-<scheduled minute>} (digits), so its pods are {@code
 * <cronjob>-<minute>-<suffix>}: every run of a CronJob is one workload named after the CronJob. The
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

  /**
   * A CronJob's Job: the CronJob's name and the scheduled time in minutes since the epoch (8 digits
   * from 1979 to 2160; 10 allowed for the far future and for controllers that use seconds).
   */
  private static final Pattern CRON_RUN = Pattern.compile("^(.+)-\\d{8,10}$");

  private static final Pattern CRON_POD = Pattern.compile("^(.+)-\\d{8,10}-" + SAFE + "{5}$");

  private WorkloadNames() {}

  /**
   * @param podName the pod's name (may be an aggregated Calico name ending in {@code -*})
   * @param labels the pod's full label set, volatile labels included: they name the controller
   */
  public static String fromPodName(String podName, Map<String, String> labels) {
    String name = podName;
    String job = jobName(labels);
    if (name.endsWith("-*")) {
      name = name.substring(0, name.length() - 2);
      String hash = labels.get("pod-template-hash");
      if (hash != null && name.endsWith("-" + hash)) {
        return name.substring(0, name.length() - hash.length() - 1);
      }
      Matcher rs = REPLICA_SET.matcher(name);
      if (rs.matches()) {
        return rs.group(1);
      }
      // Calico aggregates a Job's pods under the Job's name; a CronJob's Jobs carry the run.
      return job != null || labels.isEmpty() ? cronJob(name) : name;
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
    if (job != null && name.startsWith(job + "-")) {
      return cronJob(job);
    }
    Matcher m = CRON_POD.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    m = DEPLOYMENT.matcher(name);
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

  /**
   * The workload an owner reference names (Hubble's {@code workloads[].name} and {@code kind}): a
   * Job a CronJob created is its CronJob.
   */
  public static String fromOwner(String name, String kind) {
    return "Job".equals(kind) ? cronJob(name) : name;
  }

  /** For pods whose name is unknown: the conventional name labels, in order of preference. */
  public static String fromLabels(Map<String, String> labels) {
    for (String key : new String[] {"app.kubernetes.io/name", "app", "k8s-app", "name"}) {
      String value = labels.get(key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    String job = jobName(labels);
    return job != null ? cronJob(job) : "unknown";
  }

  /** The CronJob of a Job named {@code <cronjob>-<minute>}, else the Job's own name. */
  static String cronJob(String jobName) {
    Matcher m = CRON_RUN.matcher(jobName);
    return m.matches() ? m.group(1) : jobName;
  }

  private static String jobName(Map<String, String> labels) {
    String job = labels.get("batch.kubernetes.io/job-name");
    return job != null ? job : labels.get("job-name");
  }
}
