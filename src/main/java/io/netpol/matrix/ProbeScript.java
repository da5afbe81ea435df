package io.netpol.matrix;

import io.netpol.flow.EndpointKind;
import io.netpol.flow.Printable;

/**
 * Writes the matrix as a bash script that runs every probe from a pod of the client workload with
 * {@code kubectl exec} (TCP with {@code nc -zvw3}, DNS with {@code nslookup}), compares the outcome
 * with the expectation and writes a JUnit XML report. Every value from flow data reaches the script
 * single-quoted, so no name can run a command.
 */
public final class ProbeScript {
  private ProbeScript() {}

  /** {@code 'text'} for bash, with single quotes inside written as {@code '\''}. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  public static String render(ConnectivityMatrix matrix, String generatedBy) {
    long allow = matrix.probes().stream().filter(p -> Boolean.TRUE.equals(p.expectAllow())).count();
    long deny = matrix.probes().stream().filter(p -> Boolean.FALSE.equals(p.expectAllow())).count();
    StringBuilder s = new StringBuilder(HEAD.replace("@PROBES@", matrix.probes().size() + ""));
    String summary = generatedBy + "; " + allow + " expected to connect, " + deny + " to fail";
    s.append("summary=").append(quote(summary)).append("\n\n");
    for (Probe p : matrix.probes()) {
      String name =
          Printable.of(
              p.number()
                  + " "
                  + p.describe()
                  + " expect "
                  + (p.expectAllow() == null ? "unknown" : p.expectAllow() ? "allow" : "deny"));
      String why = p.notRunnable() == null ? null : Printable.of(p.notRunnable());
      if (why != null) {
        s.append("skip ").append(quote(name)).append(' ').append(quote(p.kind().wireName()));
        s.append(' ').append(quote(why)).append('\n');
        continue;
      }
      boolean podServer = p.server().kind() == EndpointKind.POD;
      s.append("probe ")
          .append(quote(name))
          .append(' ')
          .append(quote(p.kind().wireName()))
          .append(p.expectAllow() ? " allow" : " deny")
          .append(p.dns() ? " dns " : " tcp ")
          .append(quote(p.client().namespace()))
          .append(' ')
          .append(quote(Probe.selector(p.client())))
          .append(' ')
          .append(quote(podServer ? p.server().namespace() : ""))
          .append(' ')
          .append(quote(podServer ? Probe.selector(p.server()) : ""))
          .append(' ')
          .append(quote(podServer ? "" : p.server().ip()))
          .append(' ')
          .append(p.port())
          .append('\n');
    }
    return s.append(TAIL).toString();
  }

  private static final String HEAD =
      """
      #!/usr/bin/env bash
      # Connectivity test matrix from netpol-recommend matrix: @PROBES@ probes.
      # Each probe runs in a running pod of the client workload with kubectl exec: TCP with
      # nc -zvw3, DNS with nslookup (the client images need them; busybox has both). The outcome is
      # compared with what the policies say and written as a JUnit XML report.
      #
      # Usage: bash matrix.sh [--junit FILE] [--context NAME] [--kubeconfig FILE] [--timeout SECONDS]
      # Exit: 0 when every probe behaved as expected, 1 when one did not or could not run, 2 on usage.
      set -uo pipefail

      junit=netpol-matrix.xml
      timeout_s=20
      kubectl_args=()
      while [ $# -gt 0 ]; do
        case "$1" in
          --junit) junit=${2:?--junit needs a file}; shift 2 ;;
          --context) kubectl_args+=(--context "${2:?--context needs a name}"); shift 2 ;;
          --kubeconfig) kubectl_args+=(--kubeconfig "${2:?--kubeconfig needs a file}"); shift 2 ;;
          --timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
          -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
          *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
        esac
      done

      kube() { "${KUBECTL:-kubectl}" ${kubectl_args[@]+"${kubectl_args[@]}"} "$@"; }

      # kubectl exec under a time limit (timeout cannot run shell functions).
      kube_exec() {
        local cmd=("${KUBECTL:-kubectl}" ${kubectl_args[@]+"${kubectl_args[@]}"} exec "$@")
        if command -v timeout >/dev/null 2>&1; then timeout "$timeout_s" "${cmd[@]}"; else "${cmd[@]}"; fi
      }

      xml() {
        printf '%s' "$1" | LC_ALL=C tr -d '\\000-\\010\\013\\014\\016-\\037' |
          sed -e 's/&/\\&amp;/g' -e 's/</\\&lt;/g' -e 's/>/\\&gt;/g' -e 's/"/\\&quot;/g' -e "s/'/\\&apos;/g"
      }

      cases=""
      tests=0 failures=0 errors=0 skipped=0
      started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
      began=$SECONDS

      # record NAME CLASS pass|fail|error|skip MESSAGE OUTPUT SECONDS
      record() {
        local body=""
        tests=$((tests + 1))
        case "$3" in
          fail) failures=$((failures + 1)); body="<failure message=\\"$(xml "$4")\\"/>" ;;
          error) errors=$((errors + 1)); body="<error message=\\"$(xml "$4")\\"/>" ;;
          skip) skipped=$((skipped + 1)); body="<skipped message=\\"$(xml "$4")\\"/>" ;;
        esac
        if [ -n "$5" ]; then body="$body<system-out>$(xml "$5")</system-out>"; fi
        cases="$cases    <testcase classname=\\"netpol.matrix.$(xml "$2")\\" name=\\"$(xml "$1")\\" time=\\"$6\\">$body</testcase>
      "
        printf '%-5s %s%s\\n' "$(printf '%s' "$3" | tr '[:lower:]' '[:upper:]')" "$1" "${4:+: $4}"
      }

      skip() { record "$1" "$2" skip "$3" "" 0; }

      # A running pod of the workload: its name, or with "ip" its address.
      pod_of() {
        local path='{.items[0].metadata.name}'
        if [ "${3:-}" = ip ]; then path='{.items[0].status.podIP}'; fi
        kube get pods -n "$1" -l "$2" --field-selector=status.phase=Running -o "jsonpath=$path" 2>/dev/null
      }

      # probe NAME CLASS allow|deny tcp|dns FROM_NS FROM_SELECTOR TO_NS TO_SELECTOR TO_IP PORT
      probe() {
        local name=$1 class=$2 expect=$3 check=$4 from_ns=$5 from_sel=$6 to_ns=$7 to_sel=$8 ip=$9 port=${10}
        local t0=$SECONDS pod out rc outcome
        pod=$(pod_of "$from_ns" "$from_sel")
        if [ -z "$pod" ]; then
          record "$name" "$class" error "no running pod in namespace $from_ns matches $from_sel" "" 0
          return
        fi
        if [ -z "$ip" ]; then
          ip=$(pod_of "$to_ns" "$to_sel" ip)
          if [ -z "$ip" ]; then
            record "$name" "$class" error "no running pod in namespace $to_ns matches $to_sel" "" 0
            return
          fi
        fi
        if [ "$check" = dns ]; then
          out=$(kube_exec -n "$from_ns" "$pod" -- nslookup kubernetes.default.svc.cluster.local "$ip" 2>&1)
        else
          out=$(kube_exec -n "$from_ns" "$pod" -- nc -zvw3 "$ip" "$port" 2>&1)
        fi
        rc=$?
        case "$rc:$out" in
          124:*) record "$name" "$class" error "no answer within ${timeout_s}s" "$out" $((SECONDS - t0)); return ;;
          126:* | 127:*) record "$name" "$class" error "the probe could not run in $from_ns/$pod (exit $rc): does the image have nc and nslookup?" "$out" $((SECONDS - t0)); return ;;
          *"Error from server"* | *"error: unable to upgrade"*) record "$name" "$class" error "kubectl exec failed in $from_ns/$pod" "$out" $((SECONDS - t0)); return ;;
        esac
        if [ "$rc" -eq 0 ]; then outcome=allow; else outcome=deny; fi
        if [ "$outcome" = "$expect" ]; then
          record "$name" "$class" pass "" "$out" $((SECONDS - t0))
        else
          record "$name" "$class" fail "expected $expect, got $outcome (exit $rc)" "$out" $((SECONDS - t0))
        fi
      }

      """;

  private static final String TAIL =
      """

      {
        printf '<?xml version="1.0" encoding="UTF-8"?>\\n'
        printf '<testsuites tests="%d" failures="%d" errors="%d" skipped="%d">\\n' "$tests" "$failures" "$errors" "$skipped"
        printf '  <testsuite name="netpol-matrix" tests="%d" failures="%d" errors="%d" skipped="%d" time="%d" timestamp="%s">\\n' \\
          "$tests" "$failures" "$errors" "$skipped" $((SECONDS - began)) "$started"
        printf '    <properties><property name="generated-by" value="%s"/></properties>\\n' "$(xml "$summary")"
        printf '%s' "$cases"
        printf '  </testsuite>\\n</testsuites>\\n'
      } >"$junit"
      echo "$tests probes: $((tests - failures - errors - skipped)) passed, $failures failed, $errors errors, $skipped skipped; JUnit report: $junit"
      [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]
      """;
}
