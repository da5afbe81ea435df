package io.netpol.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules annotation of a policy in another format: the same evidence entries as the proposal's
 * rules, in their order, each naming the rules of this format it became ({@code "rule":
 * "egress[2],egress[3]"} when the format needs two rules for one).
 */
final class RuleEvidence {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RuleView> sources = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();
  private final List<List<String>> refs = new ArrayList<>();

  /** Records that {@code source} is rendered as the rule {@code ref}. */
  void add(RuleView source, String ref) {
    add(source, ref, null);
  }

  /**
   * Records that {@code source}, a rule of a policy in {@code namespace}, is rendered as the rule
   * {@code ref} of a cluster-wide policy; its entry then names the namespace first.
   */
  void add(RuleView source, String ref, String namespace) {
    int i = indexOf(source);
    if (i < 0) {
      sources.add(source);
      namespaces.add(namespace);
      refs.add(new ArrayList<>());
      i = sources.size() - 1;
    }
    if (!refs.get(i).contains(ref)) {
      refs.get(i).add(ref);
    }
  }

  /** The annotation text, or null when no rule carries evidence. */
  String annotation() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Map<String, Object> entry = sources.get(i).evidence();
      if (entry.isEmpty()) {
        continue;
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      if (namespaces.get(i) != null) {
        copy.put("namespace", namespaces.get(i));
      }
      copy.putAll(entry);
      copy.put("rule", String.join(",", refs.get(i)));
      try {
        lines.add(JSON.writeValueAsString(copy));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return lines.isEmpty() ? null : "[\n" + String.join(",\n", lines) + "\n]\n";
  }

  private int indexOf(RuleView source) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i) == source) {
        return i;
      }
    }
    return -1;
  }
}
