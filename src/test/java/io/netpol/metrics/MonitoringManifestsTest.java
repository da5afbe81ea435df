package io.netpol.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netpol.ingest.IngestReport;
import io.netpol.kube.Manifests;
import io.netpol.rollout.ClusterTraffic;
import io.netpol.rollout.GateCheck;
import io.netpol.rollout.RolloutDecider;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.StepAttempt;
import io.netpol.rollout.StepMode;
import io.netpol.rollout.StepStatus;
import io.netpol.rollout.Traffic;
import io.netpol.store.NamespaceCounts;
import io.netpol.store.TrafficCounts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring.yaml and deploy/rollout-watch.yaml fit together and fit the code: every metric
 * and every state an alert names is one the code serves, and the ServiceMonitor reaches the ports
 * the containers serve on.
 */
class MonitoringManifestsTest {

  private static JsonNode kind(List<JsonNode> docs, String kind) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  /** The names a scrape shows, from registries filled the way observe and the watch fill them. */
  private static Set<String> served() {
    PrometheusRegistry registry = new PrometheusRegistry();
    IngestReport report = new IngestReport();
    report.skipped("malformed");
    IngestMetrics.register(registry, report);
    StoreMetrics.register(
        registry,
        () -> new TrafficCounts.Totals(Map.of("voting-data", new NamespaceCounts(10, 1, 1)), 10));
    RolloutPlan plan =
        new RolloutPlan(
            "p",
            null,
            List.of(
                new RolloutPlan.Step(
                    0,
                    "voting-data",
                    Duration.ofHours(1),
                    StepMode.ENFORCE,
                    new io.netpol.rollout.GateLimits(
                        0L, new java.math.BigDecimal("0.001"), 0, null))));
    Instant t0 = Instant.parse("2026-11-21T00:00:00Z");
    StepAttempt a =
        new StepAttempt(
            "p.voting-data",
            "voting-data",
            0,
            StepAttempt.State.ENFORCED,
            StepMode.ENFORCE,
            t0.toEpochMilli(),
            t0.toEpochMilli(),
            null,
            t0.toEpochMilli(),
            null,
            Traffic.NONE,
            0,
            false);
    List<StepStatus> statuses =
        RolloutDecider.status(
            plan,
            List.of(a),
            new ClusterTraffic(Map.of("voting-data", new Traffic(10, 1, 0)), 10),
            t0.plus(Duration.ofHours(2)));
    RolloutMetrics rollout = new RolloutMetrics(registry, plan);
    rollout.evaluated(t0, new RolloutService.VerifyResult(statuses, List.of(), false));
    Set<String> out = new TreeSet<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      out.add(s instanceof CounterSnapshot ? name + "_total" : name);
    }
    return out;
  }

  @Test
  void every_metric_and_state_the_alerts_name_is_served_by_the_code() throws IOException {
    Set<String> served = served();
    Set<String> phases = new TreeSet<>();
    Arrays.stream(StepStatus.Phase.values())
        .forEach(p -> phases.add(p.name().toLowerCase(Locale.ROOT)));
    Set<String> outcomes = new TreeSet<>();
    Arrays.stream(GateCheck.Outcome.values()).forEach(o -> outcomes.add(o.id()));
    JsonNode rule = kind(Manifests.docs("deploy/monitoring.yaml"), "PrometheusRule");
    Pattern metric = Pattern.compile("\\b(netpol_[a-z_]+)\\b");
    Pattern state =
        Pattern.compile("(netpol_rollout_step_phase|netpol_rollout_gate)=~?\"([^\"]+)\"");
    int alerts = 0;
    for (JsonNode group : rule.path("spec").path("groups")) {
      for (JsonNode r : group.path("rules")) {
        alerts++;
        String expr = r.path("expr").asText();
        assertFalse(r.path("alert").asText().isBlank(), r.toString());
        assertTrue(
            Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()),
            r.toString());
        assertFalse(r.path("annotations").path("summary").asText().isBlank(), r.toString());
        Matcher m = metric.matcher(expr);
        while (m.find()) {
          assertTrue(served.contains(m.group(1)), m.group(1) + " is not served: " + served);
        }
        Matcher s = state.matcher(expr);
        while (s.find()) {
          Set<String> allowed = s.group(1).equals("netpol_rollout_gate") ? outcomes : phases;
          for (String v : s.group(2).split("\\|")) {
            assertTrue(allowed.contains(v), v + " is not a state of " + s.group(1));
          }
        }
      }
    }
    assertTrue(
        alerts >= 5, "alerts on denies, the deny rate, a failed gate, a rollback, no evidence");
  }

  @Test
  void the_service_monitor_reaches_the_ports_the_watch_pod_serves_metrics_on() throws IOException {
    List<JsonNode> monitoring = Manifests.docs("deploy/monitoring.yaml");
    JsonNode service = kind(monitoring, "Service");
    JsonNode monitor = kind(monitoring, "ServiceMonitor");
    JsonNode deployment = kind(Manifests.docs("deploy/rollout-watch.yaml"), "Deployment");
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
    service
        .path("spec")
        .path("selector")
        .properties()
        .forEach(e -> assertEquals(e.getValue(), podLabels.path(e.getKey()), e.getKey()));
    monitor
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .properties()
        .forEach(
            e ->
                assertEquals(
                    e.getValue(), service.path("metadata").path("labels").path(e.getKey())));
    Map<String, Integer> containerPorts = new java.util.TreeMap<>();
    for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
      String flag = null;
      for (JsonNode arg : c.path("args")) {
        if (arg.asText().startsWith("--metrics-port=")) {
          flag = arg.asText().substring("--metrics-port=".length());
        }
      }
      for (JsonNode p : c.path("ports")) {
        assertEquals(
            flag, p.path("containerPort").asText(), c.path("name") + " serves where it says");
        containerPorts.put(p.path("name").asText(), p.path("containerPort").asInt());
      }
    }
    Set<String> servicePorts = new TreeSet<>();
    for (JsonNode p : service.path("spec").path("ports")) {
      assertTrue(containerPorts.containsKey(p.path("targetPort").asText()), p.toString());
      servicePorts.add(p.path("name").asText());
    }
    Set<String> scraped = new TreeSet<>();
    monitor.path("spec").path("endpoints").forEach(e -> scraped.add(e.path("port").asText()));
    assertEquals(servicePorts, scraped);
    assertEquals(2, scraped.size(), "observe and the watch");
  }

  @Test
  void only_the_rollout_container_holds_api_credentials() throws IOException {
    JsonNode pod =
        kind(Manifests.docs("deploy/rollout-watch.yaml"), "Deployment")
            .path("spec")
            .path("template")
            .path("spec");
    assertEquals("netpol-rollout", pod.path("serviceAccountName").asText());
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
    for (JsonNode c : pod.path("containers")) {
      boolean token = false;
      for (JsonNode m : c.path("volumeMounts")) {
        token |= m.path("name").asText().equals("api-token");
      }
      assertEquals(c.path("name").asText().equals("rollout"), token, c.path("name").asText());
    }
  }

  private static JsonNode watchContainers() throws IOException {
    return kind(Manifests.docs("deploy/rollout-watch.yaml"), "Deployment")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers");
  }

  private static String arg(JsonNode container, String option, String otherwise) {
    for (JsonNode a : container.path("args")) {
      if (a.asText().startsWith(option + "=")) {
        return a.asText().substring(option.length() + 1);
      }
    }
    return otherwise;
  }

  @Test
  void the_watch_lingers_after_a_breach_longer_than_prometheus_takes_to_scrape_it()
      throws IOException {
    JsonNode rollout = null;
    for (JsonNode c : watchContainers()) {
      if (c.path("name").asText().equals("rollout")) {
        rollout = c;
      }
    }
    assertTrue(rollout != null, "the rollout container");
    // The default of verify --metrics-linger unless the manifest sets it.
    Duration linger = io.netpol.rollout.Durations.parse(arg(rollout, "--metrics-linger", "2m"));
    for (JsonNode e :
        kind(Manifests.docs("deploy/monitoring.yaml"), "ServiceMonitor")
            .path("spec")
            .path("endpoints")) {
      if (e.path("port").asText().equals("rollout-metrics")) {
        Duration scrape = io.netpol.rollout.Durations.parse(e.path("interval").asText());
        assertTrue(
            linger.compareTo(scrape.multipliedBy(2)) >= 0,
            "a breach's metrics wait "
                + linger
                + " for a scrape every "
                + scrape
                + ": one missed scrape must not lose them");
        return;
      }
    }
    throw new AssertionError("no ServiceMonitor endpoint for rollout-metrics");
  }

  @Test
  void every_jvm_of_the_watch_pod_exits_when_out_of_memory() throws IOException {
    boolean imageExits =
        java.nio.file.Files.readString(java.nio.file.Path.of("Dockerfile"))
            .lines()
            .anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("-XX:+ExitOnOutOfMemoryError"));
    for (JsonNode c : watchContainers()) {
      boolean exits =
          c.has("command")
              ? c.path("command").toString().contains("-XX:+ExitOnOutOfMemoryError")
              : imageExits;
      assertTrue(exits, c.path("name").asText() + " runs a JVM that limps on when out of memory");
    }
  }
}
