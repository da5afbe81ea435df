package io.netpol.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A large generated cluster for the {@code diff}/{@code explain} benchmark, written as Calico
 * {@code flows.log} records (one per connection, reported by the source): {@code namespaces}
 * namespaces {@code team-000}.. of {@code workloads} workloads {@code svc-000}.. each, workload
 * {@code svc-K} listening on port {@code 8000+K}. Every workload resolves names through kube-dns,
 * calls {@value #SAME_NAMESPACE_CALLS} workloads of its own namespace and {@value
 * #OTHER_NAMESPACE_CALLS} of other namespaces, and four workloads in five have one connection that
 * the cluster denied. Deterministic: the same sizes give byte-identical output.
 *
 * <p>With the defaults (200 namespaces of 25 workloads) that is 5,000 workloads and 109,000
 * distinct connections. Run with {@code java -cp target/netpol-recommend.jar
 * io.netpol.simulate.DiffBenchCluster OUT [NAMESPACES [WORKLOADS]]}.
 */
public final class DiffBenchCluster {
  static final int SAME_NAMESPACE_CALLS = 16;
  static final int OTHER_NAMESPACE_CALLS = 4;
  private static final long START = 1_795_168_800L;

  private final JsonGenerator json;
  private final int namespaces;
  private final int workloads;
  private long lines;

  private DiffBenchCluster(Writer out, int namespaces, int workloads) throws IOException {
    this.json = new JsonFactory().createGenerator(out);
    this.json.setRootValueSeparator(null);
    this.namespaces = namespaces;
    this.workloads = workloads;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: DiffBenchCluster OUT [NAMESPACES [WORKLOADS_PER_NAMESPACE]]");
      System.exit(2);
    }
    int namespaces = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int workloads = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      long n = write(out, namespaces, workloads);
      System.err.printf(
          "DiffBenchCluster: wrote %,d connections of %,d workloads in %d namespaces to %s%n",
          n, namespaces * workloads, namespaces, args[0]);
    }
  }

  /** Writes the cluster's connections to {@code out}; returns how many. */
  public static long write(Writer out, int namespaces, int workloads) throws IOException {
    if (namespaces < 2 || workloads < SAME_NAMESPACE_CALLS + 2) {
      throw new IllegalArgumentException(
          "need at least 2 namespaces of " + (SAME_NAMESPACE_CALLS + 2) + " workloads");
    }
    DiffBenchCluster c =
        new DiffBenchCluster(new BufferedWriter(out, 1 << 16), namespaces, workloads);
    c.run();
    return c.lines;
  }

  private void run() throws IOException {
    for (int n = 0; n < namespaces; n++) {
      for (int w = 0; w < workloads; w++) {
        record(n, w, -1, 0, 53, "udp", "allow");
        for (int k = 1; k <= SAME_NAMESPACE_CALLS; k++) {
          int server = (w + k) % workloads;
          record(n, w, n, server, 8000 + server, "tcp", "allow");
        }
        for (int k = 1; k <= OTHER_NAMESPACE_CALLS; k++) {
          int ns = (n + k * 37) % namespaces;
          ns = ns == n ? (n + 1) % namespaces : ns;
          int server = (w * 7 + k) % workloads;
          record(n, w, ns, server, 8000 + server, "tcp", "allow");
        }
        if (w % 5 != 0) {
          int server = (w + SAME_NAMESPACE_CALLS + 1) % workloads;
          record(n, w, n, server, 8000 + server, "tcp", "deny");
        }
      }
    }
    json.flush();
  }

  /** One connection; server namespace -1 is kube-system/coredns. */
  private void record(
      int ns, int w, int serverNs, int server, int port, String proto, String action)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("start_time", START);
    json.writeNumberField("end_time", START + 300);
    side("source", namespace(ns), workload(w), ip(ns, w), labels(w));
    if (serverNs < 0) {
      side("dest", "kube-system", "coredns", "10.96.0.10", new String[] {"k8s-app=kube-dns"});
    } else {
      side("dest", namespace(serverNs), workload(server), ip(serverNs, server), labels(server));
    }
    json.writeNumberField("dest_port", port);
    json.writeStringField("proto", proto);
    json.writeStringField("action", action);
    json.writeStringField("reporter", "src");
    json.writeNumberField("num_flows", 1 + (ns * 31 + w * 7 + port) % 50);
    json.writeEndObject();
    json.writeRaw('\n');
    lines++;
  }

  private void side(String prefix, String namespace, String workload, String ip, String[] labels)
      throws IOException {
    json.writeStringField(prefix + "_ip", ip);
    json.writeStringField(prefix + "_name", "-");
    json.writeStringField(prefix + "_name_aggr", workload + "-5d9f8b7c6d-*");
    json.writeStringField(prefix + "_namespace", namespace);
    json.writeStringField(prefix + "_type", "wep");
    json.writeObjectFieldStart(prefix + "_labels");
    json.writeArrayFieldStart("labels");
    for (String l : labels) {
      json.writeString(l);
    }
    json.writeString("pod-template-hash=5d9f8b7c6d");
    json.writeEndArray();
    json.writeEndObject();
  }

  private static String[] labels(int w) {
    return new String[] {"app.kubernetes.io/name=" + workload(w), "team-tier=" + (w % 3)};
  }

  private static String namespace(int n) {
    return String.format("team-%03d", n);
  }

  private static String workload(int w) {
    return String.format("svc-%03d", w);
  }

  private static String ip(int ns, int w) {
    return "10." + (100 + ns / 250) + "." + (ns % 250) + "." + (w + 10);
  }
}
