package io.netpol.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The report page's own style sheet and script, and the Content-Security-Policy that allows exactly
 * these two and nothing else: no other script, no fetch, no remote font or image. Even text that
 * escaped escaping could not run.
 */
final class PageAssets {
  private PageAssets() {}

  static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;margin:0 24px 40px;}
      h1{font-size:22px;margin:20px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
      .meta{color:#4a5568;margin:0}.notice{background:#fffbea;border:1px solid #f6e05e;padding:8px 12px;border-radius:6px}
      table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #e2e8f0;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f7fafc}td.time{white-space:nowrap}td.num{text-align:right}.ok{color:#276749}.bad{color:#c53030;font-weight:600}.warn{color:#b7791f}
      .graph-scroll{overflow:auto;border:1px solid #e2e8f0;border-radius:6px;max-height:80vh;background:#fff}
      svg.traffic{display:block;max-width:100%;height:auto;font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
      svg.traffic .group rect{fill:#f7fafc;stroke:#a0aec0;stroke-dasharray:4 3}
      svg.traffic .group-label{font-weight:600;fill:#2d3748}
      svg.traffic .node rect{stroke-width:1.5;cursor:pointer}svg.traffic .node text{fill:#1a202c;pointer-events:none}
      svg.traffic .node.workload rect{fill:#ebf4ff;stroke:#2b6cb0}svg.traffic .node.namespace rect{fill:#edf2f7;stroke:#4a5568}
      svg.traffic .node.service rect{fill:#f0fff4;stroke:#2f855a}svg.traffic .node.world rect{fill:#fffaf0;stroke:#c05621}
      svg.traffic .node.public rect{fill:#fefcbf;stroke:#b7791f}svg.traffic .node.network rect{fill:#faf5ff;stroke:#6b46c1}
      svg.traffic .node.host rect{fill:#f7fafc;stroke:#718096;stroke-dasharray:3 2}svg.traffic .node.apiserver rect{fill:#e6fffa;stroke:#2c7a7b}
      svg.traffic .node.selected rect{stroke-width:3}
      svg.traffic .link path{fill:none;stroke:#718096;stroke-width:1.3}svg.traffic .arrowhead{fill:#718096}
      svg.traffic .link.denied path{stroke:#c53030;stroke-width:2.2}svg.traffic .arrowhead.denied{fill:#c53030}
      svg.traffic .link.blocked-by-policy path{stroke:#e53e3e;stroke-dasharray:6 3}svg.traffic .arrowhead.blocked-by-policy{fill:#e53e3e}
      svg.traffic .link.audit path{stroke:#dd6b20;stroke-dasharray:6 3}svg.traffic .arrowhead.audit{fill:#dd6b20}
      svg.traffic .link-label{font-size:10px;fill:#2d3748}svg.traffic .link.denied .link-label,svg.traffic .link.blocked-by-policy .link-label{fill:#c53030}
      svg.traffic .link.dim{opacity:.12}svg.traffic .link.hl path{stroke-width:3}
      .legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:6px 0 10px;color:#4a5568}.legend span{display:inline-flex;align-items:center;gap:6px}
      .sw{display:inline-block;width:14px;height:10px;border:1.5px solid;border-radius:2px}
      .sw.workload{background:#ebf4ff;border-color:#2b6cb0}.sw.service{background:#f0fff4;border-color:#2f855a}.sw.world{background:#fffaf0;border-color:#c05621}
      .sw.public{background:#fefcbf;border-color:#b7791f}.sw.network{background:#faf5ff;border-color:#6b46c1}.sw.host{background:#f7fafc;border-color:#718096;border-style:dashed}
      .sw.apiserver{background:#e6fffa;border-color:#2c7a7b}.sw.namespace{background:#edf2f7;border-color:#4a5568}
      .ln{display:inline-block;width:22px;border-top:2px solid #718096}.ln.denied{border-color:#c53030;border-top-width:3px}
      .ln.blocked-by-policy{border-color:#e53e3e;border-top-style:dashed}.ln.audit{border-color:#dd6b20;border-top-style:dashed}
      tr.denied td.state,tr.blocked-by-policy td.state{color:#c53030;font-weight:600}tr.audit td.state{color:#dd6b20}
      #evidence-filter{padding:4px 8px;width:320px;margin:4px 0}code{font-size:12px}
      footer{margin-top:32px;color:#718096;font-size:12px}
      """;

  static final String SCRIPT =
      """
      (function () {
        "use strict";
        var svg = document.querySelector("svg.traffic");
        if (svg) {
          var selected = null;
          var select = function (id) {
            selected = id === selected ? null : id;
            svg.querySelectorAll("g.node").forEach(function (n) {
              n.classList.toggle("selected", n.getAttribute("data-node") === selected);
            });
            svg.querySelectorAll("g.link").forEach(function (l) {
              var on = selected !== null &&
                (l.getAttribute("data-from") === selected || l.getAttribute("data-to") === selected);
              l.classList.toggle("hl", on);
              l.classList.toggle("dim", selected !== null && !on);
            });
          };
          svg.addEventListener("click", function (ev) {
            var node = ev.target.closest("g.node");
            select(node ? node.getAttribute("data-node") : null);
          });
          svg.addEventListener("keydown", function (ev) {
            var node = ev.target.closest("g.node");
            if (node && (ev.key === "Enter" || ev.key === " ")) {
              ev.preventDefault();
              select(node.getAttribute("data-node"));
            }
          });
        }
        var filter = document.getElementById("evidence-filter");
        var rows = document.querySelectorAll("#evidence tbody tr");
        var count = document.getElementById("evidence-count");
        if (filter && count) {
          filter.addEventListener("input", function () {
            var q = filter.value.toLowerCase();
            var shown = 0;
            rows.forEach(function (r) {
              var hit = r.textContent.toLowerCase().indexOf(q) >= 0;
              r.hidden = !hit;
              if (hit) { shown++; }
            });
            count.textContent = shown + " of " + rows.length;
          });
        }
        document.body.setAttribute("data-ready", "true");
      })();
      """;

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256(STYLE)
          + "'; script-src '"
          + sha256(SCRIPT)
          + "'; img-src data:; base-uri 'none'; form-action 'none'";

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
