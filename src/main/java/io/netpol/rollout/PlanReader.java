package io.netpol.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
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
 *     soak: 24h
 *     maxDeniedConnections: 0
 *   steps:
 *     - namespace: voting-data
 *     - namespace: voting-api
 *       soak: 48h
 * </pre>
 */
public final class PlanReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Set<String> STEP_FIELDS =
      Set.of("namespace", "soak", "maxDeniedConnections");

  private PlanReader() {}

  public static RolloutPlan read(Path file) {
    String text;
    try {
      text = Files.readString(file);
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
    JsonNode defaults = spec.path("defaults");
    Duration defaultSoak =
        duration(file, "spec.defaults.soak", defaults.get("soak"), Duration.ofHours(24));
    long defaultMax =
        count(file, "spec.defaults.maxDeniedConnections", defaults.get("maxDeniedConnections"), 0);
    JsonNode stepsNode = spec.path("steps");
    if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      throw new PlanException(file + ": spec.steps must list at least one namespace");
    }
    List<RolloutPlan.Step> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode s : stepsNode) {
      String where = "spec.steps[" + i + "]";
      for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!STEP_FIELDS.contains(field)) {
          throw new PlanException(
              file
                  + ": "
                  + where
                  + "."
                  + field
                  + " is not a step field (namespace, soak, maxDeniedConnections)");
        }
      }
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
      steps.add(
          new RolloutPlan.Step(
              i,
              ns,
              duration(file, where + ".soak", s.get("soak"), defaultSoak),
              count(
                  file,
                  where + ".maxDeniedConnections",
                  s.get("maxDeniedConnections"),
                  defaultMax)));
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

  private static Duration duration(Path file, String field, JsonNode node, Duration fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    Duration d = Durations.parse(node.asText());
    if (d == null || d.isNegative()) {
      throw new PlanException(
          file
              + ": "
              + field
              + " \""
              + node.asText()
              + "\" is not a duration; write e.g. 24h, 30m, 7d");
    }
    return d;
  }

  private static long count(Path file, String field, JsonNode node, long fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToLong() || node.asLong() < 0 || !node.isIntegralNumber()) {
      throw new PlanException(
          file + ": " + field + " \"" + node.asText() + "\" must be a whole number, 0 or more");
    }
    return node.asLong();
  }
}
