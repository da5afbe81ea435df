package io.netpol.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates rollout plans:
 *
 * <pre>
 * apiVersion: netpol-recommend.io/v1
 * kind: RolloutPlan
 * metadata:
 *   name: voting-app
 * spec:
 *   policies: ../netpol-policies        # optional, relative to the plan file
 *   defaults:
 *     soak: 24h                  # each phase: staged, then enforced
 *     maxDeniedConnections: 0
 *     maxDeniedRate: "0.1%"      # optional rate gate
 *     minConnections: 1000       # below it the rate gate waits for traffic
 *   steps:
 *     - namespace: voting-data
 *       mode: staged             # staged (Calico StagedKubernetesNetworkPolicy) or enforce
 *       maxAuditDenied: 0        # would-be denies allowed in the staged phase
 *     - namespace: voting-api
 *       soak: 48h
 * </pre>
 */
public final class PlanReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final List<String> GATE_FIELDS =
      List.of(
          "soak",
          "mode",
          "maxDeniedConnections",
          "maxDeniedRate",
          "minConnections",
          "maxAuditDenied");

  private PlanReader() {}

  public static RolloutPlan read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PlanException(file + ": no such plan file; check --plan");
    } catch (IOException e) {
      throw new PlanException(
          file + ": cannot read the plan (" + e.getMessage() + "); check --plan");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PlanException(file + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PlanException(
          file + ": empty plan; see rollout-plans/voting-app.yaml for the format");
    }
    if (!"RolloutPlan".equals(root.path("kind").asText())) {
      throw new PlanException(file + ": kind must be RolloutPlan");
    }
    String name = root.path("metadata").path("name").asText("");
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new PlanException(
          file
              + ": metadata.name \""
              + name
              + "\" must be a DNS-1123 label (lower case, digits, '-')");
    }
    JsonNode spec = root.path("spec");
    JsonNode defaultsNode = spec.path("defaults");
    known(file, "spec.defaults", defaultsNode, GATE_FIELDS, "a default");
    Settings defaults =
        new Settings(Duration.ofHours(24), StepMode.ENFORCE, GateLimits.STRICT)
            .overriddenBy(file, "spec.defaults", defaultsNode);
    JsonNode stepsNode = spec.path("steps");
    if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      throw new PlanException(file + ": spec.steps must list at least one namespace");
    }
    List<String> stepFields = new ArrayList<>(GATE_FIELDS);
    stepFields.add(0, "namespace");
    List<RolloutPlan.Step> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode s : stepsNode) {
      String where = "spec.steps[" + i + "]";
      known(file, where, s, stepFields, "a step");
      String ns = s.path("namespace").asText("");
      if (!DNS_LABEL.matcher(ns).matches()) {
        throw new PlanException(
            file + ": " + where + ".namespace \"" + ns + "\" is not a valid namespace name");
      }
      if (!seen.add(ns)) {
        throw new PlanException(
            file
                + ": "
                + where
                + ": namespace "
                + ns
                + " appears twice; each namespace is one step");
      }
      Settings own = defaults.overriddenBy(file, where, s);
      steps.add(new RolloutPlan.Step(i, ns, own.soak(), own.mode(), own.limits()));
      i++;
    }
    String policies =
        spec.hasNonNull("policies")
            ? file.toAbsolutePath()
                .getParent()
                .resolve(spec.get("policies").asText())
                .normalize()
                .toString()
            : null;
    return new RolloutPlan(name, policies, List.copyOf(steps));
  }

  /** What a step inherits from the defaults and may override. */
  private record Settings(Duration soak, StepMode mode, GateLimits limits, boolean countSet) {
    Settings(Duration soak, StepMode mode, GateLimits limits) {
      this(soak, mode, limits, false);
    }

    /**
     * These settings with the fields {@code node} sets. A plan that gates on the rate and never
     * sets maxDeniedConnections gates on the rate only.
     */
    Settings overriddenBy(Path file, String where, JsonNode node) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return this;
      }
      GateLimits l = limits;
      boolean count = countSet || node.hasNonNull("maxDeniedConnections");
      BigDecimal rate =
          rate(file, where + ".maxDeniedRate", node.get("maxDeniedRate"), l.maxDeniedRate());
      Long max =
          count(
              file,
              where + ".maxDeniedConnections",
              node.get("maxDeniedConnections"),
              l.maxDeniedConnections() == null ? 0 : l.maxDeniedConnections());
      return new Settings(
          duration(file, where + ".soak", node.get("soak"), soak),
          PlanReader.mode(file, where + ".mode", node.get("mode"), mode),
          new GateLimits(
              rate != null && !count ? null : max,
              rate,
              count(
                  file, where + ".minConnections", node.get("minConnections"), l.minConnections()),
              node.hasNonNull("maxAuditDenied")
                  ? Long.valueOf(
                      count(file, where + ".maxAuditDenied", node.get("maxAuditDenied"), 0))
                  : l.maxAuditDenied()),
          count);
    }
  }

  private static void known(
      Path file, String where, JsonNode node, List<String> fields, String what) {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        throw new PlanException(
            file
                + ": "
                + where
                + "."
                + field
                + " is not "
                + what
                + " field ("
                + String.join(", ", fields)
                + ")");
      }
    }
  }

  private static StepMode mode(Path file, String field, JsonNode node, StepMode fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    StepMode m = StepMode.fromWireName(node.asText());
    if (m == null) {
      throw invalid(file, field, node, "must be staged or enforce");
    }
    return m;
  }

  private static BigDecimal rate(Path file, String field, JsonNode node, BigDecimal fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    BigDecimal r = node.isTextual() ? GateLimits.parseRate(node.asText()) : null;
    if (r == null) {
      throw invalid(file, field, node, "is not a percentage; write e.g. 0.1% (at most 100%)");
    }
    return r;
  }

  private static Duration duration(Path file, String field, JsonNode node, Duration fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    Duration d = Durations.parse(node.asText());
    if (d == null || d.isNegative()) {
      throw invalid(file, field, node, "is not a duration; write e.g. 24h, 30m, 7d");
    }
    return d;
  }

  private static long count(Path file, String field, JsonNode node, long fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToLong() || node.asLong() < 0 || !node.isIntegralNumber()) {
      throw invalid(file, field, node, "must be a whole number, 0 or more");
    }
    return node.asLong();
  }

  /** The message for a field whose value cannot be used: file, field, value and the fix. */
  private static PlanException invalid(Path file, String field, JsonNode node, String fix) {
    return new PlanException(file + ": " + field + " \"" + node.asText() + "\" " + fix);
  }
}
