package io.netpol.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which policies a change adds, removes and changes, with a field-level description of each change
 * to a spec. Metadata other than the name is ignored: evidence annotations change on every proposal
 * without changing what a policy does. Pure.
 */
public final class PolicyDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One changed field: its path in the policy, the value before and after (JSON, or null if
   * absent).
   */
  public record FieldChange(String path, String before, String after) {}

  /** A policy present on both sides with a different spec. */
  public record Changed(PolicyRef policy, List<FieldChange> fields) {}

  /** The difference between two sets of policies. */
  public record Result(
      List<PolicyRef> added, List<PolicyRef> removed, List<Changed> changed, int unchanged) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  private PolicyDiff() {}

  public static Result diff(List<NetworkPolicy> before, List<NetworkPolicy> after) {
    Map<PolicyRef, JsonNode> a = specs(before);
    Map<PolicyRef, JsonNode> b = specs(after);
    List<PolicyRef> added = new ArrayList<>();
    List<PolicyRef> removed = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    int unchanged = 0;
    TreeSet<PolicyRef> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    for (PolicyRef ref : all) {
      if (!a.containsKey(ref)) {
        added.add(ref);
      } else if (!b.containsKey(ref)) {
        removed.add(ref);
      } else {
        List<FieldChange> fields = new ArrayList<>();
        compare("spec", a.get(ref), b.get(ref), fields);
        if (fields.isEmpty()) {
          unchanged++;
        } else {
          changed.add(new Changed(ref, fields));
        }
      }
    }
    return new Result(added, removed, changed, unchanged);
  }

  private static Map<PolicyRef, JsonNode> specs(List<NetworkPolicy> policies) {
    Map<PolicyRef, JsonNode> out = new TreeMap<>();
    for (NetworkPolicy p : policies) {
      JsonNode spec = p.getSpec() == null ? NullNode.getInstance() : JSON.valueToTree(p.getSpec());
      out.put(
          new PolicyRef(p.getMetadata().getNamespace(), p.getMetadata().getName()),
          normalise(spec));
    }
    return out;
  }

  /** Drops empty values fabric8 and YAML writers differ on: {}, [] and null are all "not set". */
  private static JsonNode normalise(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      fields.forEachRemaining(e -> sorted.put(e.getKey(), normalise(e.getValue())));
      sorted.forEach(
          (k, v) -> {
            if (!isEmpty(v) || k.equals("podSelector") || k.equals("namespaceSelector")) {
              out.set(k, v);
            }
          });
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(normalise(n)));
      return out;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty());
  }

  private static void compare(String path, JsonNode a, JsonNode b, List<FieldChange> out) {
    if (a.equals(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode x = a.get(name);
        JsonNode y = b.get(name);
        String p = path + "." + name;
        if (x == null) {
          out.add(new FieldChange(p, null, y.toString()));
        } else if (y == null) {
          out.add(new FieldChange(p, x.toString(), null));
        } else {
          compare(p, x, y, out);
        }
      }
      return;
    }
    if (a.isArray() && b.isArray()) {
      int n = Math.max(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        String p = path + "[" + i + "]";
        if (i >= a.size()) {
          out.add(new FieldChange(p, null, b.get(i).toString()));
        } else if (i >= b.size()) {
          out.add(new FieldChange(p, a.get(i).toString(), null));
        } else {
          compare(p, a.get(i), b.get(i), out);
        }
      }
      return;
    }
    out.add(new FieldChange(path, a.toString(), b.toString()));
  }
}
