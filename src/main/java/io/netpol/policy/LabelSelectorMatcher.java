package io.netpol.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A compiled Kubernetes label selector: {@code matchLabels} and {@code matchExpressions}, all of
 * which must hold. An empty (or absent) selector matches everything.
 */
public final class LabelSelectorMatcher {

  /** A selector operator; {@code EQUALS} stands for one {@code matchLabels} entry. */
  public enum Operator {
    EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /** One requirement on one label key. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> actual != null && values.contains(actual);
        case NOT_IN -> actual == null || !values.contains(actual);
        case EXISTS -> actual != null;
        case DOES_NOT_EXIST -> actual == null;
      };
    }

    /** Why {@code labels} fail this requirement, naming what was expected and what was found. */
    String failure(Map<String, String> labels) {
      String actual = labels.get(key);
      String found = actual == null ? "label " + key + " is absent" : "found " + key + "=" + actual;
      return toString() + " expected, " + found;
    }

    @Override
    public String toString() {
      return switch (operator) {
        case EQUALS -> key + "=" + values.get(0);
        case IN -> key + " in (" + String.join(", ", values) + ")";
        case NOT_IN -> key + " notin (" + String.join(", ", values) + ")";
        case EXISTS -> key;
        case DOES_NOT_EXIST -> "!" + key;
      };
    }
  }

  private static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(List.of());

  private final List<Requirement> requirements;

  private LabelSelectorMatcher(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector {@code {}}, which matches every label set. */
  public static LabelSelectorMatcher everything() {
    return EVERYTHING;
  }

  /**
   * Compiles {@code selector}; {@code null} counts as {@code {}}.
   *
   * @throws PolicyException for an unknown operator or values that do not fit the operator
   */
  static LabelSelectorMatcher compile(LabelSelector selector, PolicyRef policy, String field) {
    if (selector == null) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    Map<String, String> matchLabels = selector.getMatchLabels();
    if (matchLabels != null) {
      new TreeMap<>(matchLabels)
          .forEach(
              (k, v) ->
                  requirements.add(
                      new Requirement(k.intern(), Operator.EQUALS, List.of(intern(v)))));
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; expressions != null && i < expressions.size(); i++) {
      String at = field + ".matchExpressions[" + i + "]";
      requirements.add(requirement(expressions.get(i), policy, at));
    }
    return requirements.isEmpty() ? EVERYTHING : new LabelSelectorMatcher(requirements);
  }

  private static Requirement requirement(
      LabelSelectorRequirement expr, PolicyRef policy, String at) {
    if (expr.getKey() == null || expr.getKey().isEmpty()) {
      throw new PolicyException(policy.toString(), at + ".key", "is required");
    }
    Operator operator = operator(expr.getOperator(), policy, at + ".operator");
    List<String> values = expr.getValues() == null ? List.of() : expr.getValues();
    boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
    if (needsValues && values.isEmpty()) {
      throw new PolicyException(
          policy.toString(),
          at + ".values",
          "must be non-empty when operator is " + expr.getOperator());
    }
    if (!needsValues && !values.isEmpty()) {
      throw new PolicyException(
          policy.toString(),
          at + ".values",
          "must be empty when operator is " + expr.getOperator());
    }
    return new Requirement(
        expr.getKey().intern(),
        operator,
        new TreeSet<>(values).stream().map(LabelSelectorMatcher::intern).toList());
  }

  /** Label keys and values repeat across a cluster's policies: one copy of each. */
  private static String intern(String s) {
    return s == null ? null : s.intern();
  }

  private static Operator operator(String text, PolicyRef policy, String at) {
    if (text == null) {
      throw new PolicyException(policy.toString(), at, "is required");
    }
    return switch (text) {
      case "In" -> Operator.IN;
      case "NotIn" -> Operator.NOT_IN;
      case "Exists" -> Operator.EXISTS;
      case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
      default ->
          throw new PolicyException(
              policy.toString(),
              at,
              "\"" + text + "\" is not one of In, NotIn, Exists, DoesNotExist");
    };
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  /** True for {@code {}}: every label set matches. */
  public boolean matchesEverything() {
    return requirements.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    // A loop, not a stream: this runs for every policy a replayed connection looks at.
    for (int i = 0; i < requirements.size(); i++) {
      if (!requirements.get(i).matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The first requirement {@code labels} fail, explained; empty when they match. */
  public Optional<String> mismatch(Map<String, String> labels) {
    return requirements.stream()
        .filter(r -> !r.matches(labels))
        .findFirst()
        .map(r -> r.failure(labels));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelSelectorMatcher m && requirements.equals(m.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }

  /** The selector in kubectl's {@code -l} syntax; {@code {}} for the empty selector. */
  @Override
  public String toString() {
    return requirements.isEmpty()
        ? "{}"
        : requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }
}
