package io.netpol.render;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Helm chart of the kubernetes output: one template per policy, each the kubernetes YAML inside a
 * guard on {@code networkPolicies.enabled} (default false), the namespace's {@code
 * networkPolicies.namespaces.<ns>.enabled} (default false, so namespaces are turned on one by one
 * in the rollout order) and, for the default deny and the DNS policy, {@code defaultDeny} / {@code
 * allowDNS} (default true). With everything enabled it renders exactly the kubernetes output.
 */
final class HelmRenderer implements Renderer {

  static final String CHART = "netpol-policies";
  static final String CHART_VERSION = "0.1.0";

  private final SortedSet<String> namespaces = new TreeSet<>();
  private final KubernetesRenderer kubernetes = new KubernetesRenderer();

  /** One template per policy of the namespace. */
  @Override
  public Rendering namespace(ProposalView proposal) {
    namespaces.addAll(proposal.namespaces());
    SortedMap<String, String> files = new TreeMap<>();
    List<Manifest> manifests = kubernetes.namespace(proposal).manifests();
    for (int i = 0; i < manifests.size(); i++) {
      PolicyView policy = proposal.policies().get(i);
      Manifest m = manifests.get(i);
      files.put(
          "templates/" + m.namespace() + "/" + m.name() + ".yaml",
          template(policy, PolicyDocuments.yaml(m.object())));
    }
    return new Rendering(List.of(), files, List.of());
  }

  /** The chart's own files: its values switch every namespace rendered. */
  @Override
  public Rendering finish() {
    SortedMap<String, String> files = new TreeMap<>();
    files.put("Chart.yaml", chart());
    files.put("values.yaml", values(namespaces));
    files.put("templates/NOTES.txt", notes());
    files.put("README.md", readme(namespaces));
    return new Rendering(List.of(), files, List.of());
  }

  private static String template(PolicyView policy, String yaml) {
    List<String> conditions = new ArrayList<>();
    conditions.add(".Values.networkPolicies.enabled");
    conditions.add(
        "(dig \""
            + policy.namespace()
            + "\" \"enabled\" false .Values.networkPolicies.namespaces)");
    if (policy.role() == PolicyView.Role.DEFAULT_DENY) {
      conditions.add(".Values.networkPolicies.defaultDeny");
    } else if (policy.role() == PolicyView.Role.ALLOW_DNS) {
      conditions.add(".Values.networkPolicies.allowDNS");
    }
    // Text that looks like a template action must stay text.
    String body = yaml.replace("{{", "{{ \"{{\" }}");
    return "{{- if and " + String.join(" ", conditions) + " }}\n" + body + "{{- end }}\n";
  }

  private static String chart() {
    return "apiVersion: v2\n"
        + "name: "
        + CHART
        + "\n"
        + "description: Least-privilege NetworkPolicies proposed by netpol-recommend from observed"
        + " traffic.\n"
        + "type: application\n"
        + "version: "
        + CHART_VERSION
        + "\n";
  }

  private static String values(SortedSet<String> namespaces) {
    StringBuilder out = new StringBuilder();
    out.append("# NetworkPolicies proposed by netpol-recommend from observed traffic.\n")
        .append(
            "# Nothing is installed until networkPolicies.enabled is true; then each namespace\n")
        .append("# is installed once its own switch is on, so namespaces go live one by one:\n")
        .append("#   helm upgrade --install netpol . --reuse-values \\\n")
        .append("#     --set networkPolicies.enabled=true \\\n")
        .append("#     --set networkPolicies.namespaces.<namespace>.enabled=true\n")
        .append("# Emergency rollback of every namespace at once:\n")
        .append("#   helm upgrade netpol . --reuse-values --set networkPolicies.enabled=false\n")
        .append("networkPolicies:\n")
        .append("  enabled: false\n")
        .append("  # The default deny (ingress and egress) of every namespace that is on.\n")
        .append("  defaultDeny: true\n")
        .append("  # DNS egress to the DNS pods observed, in every namespace that is on.\n")
        .append("  allowDNS: true\n")
        .append("  namespaces:");
    if (namespaces.isEmpty()) {
      out.append(" {}");
    }
    out.append("\n");
    for (String ns : namespaces) {
      out.append("    ").append(ns).append(":\n").append("      enabled: false\n");
    }
    return out.toString();
  }

  private static String notes() {
    return "{{- if .Values.networkPolicies.enabled }}\n"
        + "NetworkPolicies installed in:"
        + "{{ range $ns, $v := .Values.networkPolicies.namespaces }}"
        + "{{ if $v.enabled }} {{ $ns }}{{ end }}{{ end }}\n"
        + "Namespaces whose switch is off have none. Roll back everything with\n"
        + "  helm upgrade {{ .Release.Name }} <chart> --reuse-values"
        + " --set networkPolicies.enabled=false\n"
        + "{{- else }}\n"
        + "networkPolicies.enabled is false: no NetworkPolicy is installed. Turn namespaces on one"
        + " by one with\n"
        + "  --set networkPolicies.enabled=true"
        + " --set networkPolicies.namespaces.<namespace>.enabled=true\n"
        + "{{- end }}\n";
  }

  private static String readme(SortedSet<String> namespaces) {
    String first = namespaces.isEmpty() ? "<namespace>" : namespaces.first();
    return "# "
        + CHART
        + "\n\n"
        + "Least-privilege NetworkPolicies that `netpol-recommend propose --output-format helm`\n"
        + "wrote from observed traffic. Every policy carries its evidence as annotations.\n\n"
        + "## Values\n\n"
        + "| value | default | what it does |\n"
        + "| --- | --- | --- |\n"
        + "| `networkPolicies.enabled` | `false` | master switch: nothing is installed while false"
        + " |\n"
        + "| `networkPolicies.namespaces.<ns>.enabled` | `false` | installs the namespace's"
        + " policies |\n"
        + "| `networkPolicies.defaultDeny` | `true` | the default deny of each namespace that is on"
        + " |\n"
        + "| `networkPolicies.allowDNS` | `true` | DNS egress to the observed DNS pods |\n\n"
        + "## Rollout and rollback\n\n"
        + "```\n"
        + "helm upgrade --install netpol . --set networkPolicies.enabled=true \\\n"
        + "  --set networkPolicies.namespaces."
        + first
        + ".enabled=true\n"
        + "# next namespace: add its switch, keeping the others\n"
        + "helm upgrade netpol . --reuse-values --set networkPolicies.namespaces.<next>.enabled=true\n"
        + "# emergency rollback of every namespace\n"
        + "helm upgrade netpol . --reuse-values --set networkPolicies.enabled=false\n"
        + "```\n";
  }
}
