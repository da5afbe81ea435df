package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in {@code kubectl} on PATH for running the matrix script without a cluster: {@code get
 * pods} answers from a table of pods (namespace, selector, name, IP), {@code exec ... nc|nslookup}
 * exits with the code given for that pod, target and port, and every call is logged.
 */
final class StandInKubectl {
  private static final String SCRIPT =
      """
      #!/usr/bin/env bash
      # Stand-in kubectl: pods from $STANDIN/pods, probe answers from $STANDIN/answers.
      printf '%s\\x1f' "$@" >>"$STANDIN/calls"; echo >>"$STANDIN/calls"
      case "$1" in
        get)
          ns=$4 sel=$6 what=$9
          while IFS=$'\\t' read -r pns psel pname pip; do
            if [ "$pns" = "$ns" ] && [ "$psel" = "$sel" ]; then
              case "$what" in *podIP*) printf '%s' "$pip" ;; *) printf '%s' "$pname" ;; esac
              exit 0
            fi
          done <"$STANDIN/pods"
          exit 0 ;;
        exec)
          pod=$4 tool=$6 target=$8 port=${9:-53}
          if [ "$tool" = nslookup ]; then port=53; fi
          while IFS=$'\\t' read -r apod atarget aport rc; do
            if [ "$apod" = "$pod" ] && [ "$atarget" = "$target" ] && [ "$aport" = "$port" ]; then
              echo "stand-in: $tool from $pod to $target:$port exits $rc" >&2
              exit "$rc"
            fi
          done <"$STANDIN/answers"
          echo "stand-in: no answer for $pod $target $port" >&2
          exit 1 ;;
      esac
      echo "stand-in kubectl: unexpected arguments: $*" >&2
      exit 2
      """;

  /** The exit code and output of one run of a script. */
  record Run(int exit, String output) {}

  private final Path dir;
  private final Map<String, String[]> pods = new LinkedHashMap<>();
  private final List<String> answers = new ArrayList<>();

  StandInKubectl(Path dir) throws IOException {
    this.dir = dir;
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, SCRIPT);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A pod for this endpoint (a matrix JSON endpoint), named and addressed by its order. */
  String[] pod(JsonNode endpoint) {
    String ns = endpoint.path("namespace").asText();
    List<String> labels = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = endpoint.path("labels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.add(e.getKey() + "=" + e.getValue().asText());
    }
    String key = ns + "\t" + String.join(",", labels);
    return pods.computeIfAbsent(
        key,
        k -> {
          int n = pods.size() + 1;
          return new String[] {ns, String.join(",", labels), "pod-" + n, "192.0.2." + n};
        });
  }

  /** The probe from {@code pod} to {@code target}:{@code port} exits with {@code rc}. */
  void answer(String pod, String target, int port, int rc) {
    answers.add(pod + "\t" + target + "\t" + port + "\t" + rc);
  }

  List<String> calls() throws IOException {
    Path calls = dir.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  /** Runs {@code bash script args} in {@code dir} with the stand-in first on PATH. */
  Run run(Path script, String... args) throws IOException, InterruptedException {
    List<String> podLines = new ArrayList<>();
    pods.values().forEach(p -> podLines.add(String.join("\t", p)));
    Files.write(dir.resolve("pods"), podLines);
    Files.write(dir.resolve("answers"), answers);
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("STANDIN", dir.toString());
    pb.environment().remove("KUBECTL");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script finishes");
    return new Run(p.exitValue(), output);
  }
}
