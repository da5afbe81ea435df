package io.netpol.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadNamesTest {

  private static final Map<String, String> JOB =
      Map.of(
          "job-name", "backup-29012345",
          "batch.kubernetes.io/job-name", "backup-29012345",
          "controller-uid", "0c6f-8d2e");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "backup-29012345-x7k2p, backup",
    "backup-29012345-*, backup",
    "db-backup-29012340-b4n9q, db-backup",
  })
  void every_run_of_a_cron_job_is_the_cron_job(String pod, String workload) {
    assertEquals(workload, WorkloadNames.fromPodName(pod, JOB));
  }

  @ParameterizedTest(name = "{0} without labels -> {1}")
  @CsvSource({
    "backup-29012345-x7k2p, backup",
    "backup-29012345-*, backup",
    "api-5b8c7d9f6c-m4n8r, api",
    "api-5b8c7d9f6c-*, api",
    "migrate-k8x2p, migrate",
    "redis-0, redis",
  })
  void the_pod_name_alone_names_the_owner(String pod, String workload) {
    assertEquals(workload, WorkloadNames.fromPodName(pod, Map.of()));
  }

  @ParameterizedTest(name = "{1} {0} -> {2}")
  @CsvSource({
    "backup-29012345, Job, backup",
    "backup, CronJob, backup",
    "migrate, Job, migrate",
    "api, Deployment, api",
    "app-20240101, Deployment, app-20240101",
  })
  void an_owner_that_is_a_cron_jobs_job_is_the_cron_job(String name, String kind, String out) {
    assertEquals(out, WorkloadNames.fromOwner(name, kind));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"migrate-k8x2p, migrate", "migrate-*, migrate"})
  void a_plain_job_is_its_own_workload(String pod, String workload) {
    assertEquals(
        workload,
        WorkloadNames.fromPodName(pod, Map.of("job-name", "migrate", "controller-uid", "5e1d")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"fluent-bit-*", "node-exporter-12345678-*"})
  void a_daemon_sets_numbers_are_kept_when_its_labels_say_it_is_no_job(String aggregated) {
    Map<String, String> daemonSet =
        Map.of("controller-revision-hash", "6d5f8c9b7", "pod-template-generation", "1");
    assertEquals(
        aggregated.substring(0, aggregated.length() - 2),
        WorkloadNames.fromPodName(aggregated, daemonSet));
  }
}
