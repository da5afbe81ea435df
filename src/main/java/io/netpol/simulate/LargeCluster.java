package io.netpol.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A large cluster's traffic for the propose benchmark, as Calico {@code flows.log} records with the
 * default aggregation (pod names aggregated, addresses masked), one record per distinct edge:
 * {@code workloads} workloads in namespaces of 100, every one calling a hub ({@code platform/auth}
 * on 8443) and kube-dns, the rest of the {@code edges} spread over random pairs (four in five
 * within a namespace) on a few service ports. Deterministic for a given size.
 */
final class LargeCluster {
  static final int PER_NAMESPACE = 100;
  private static final int[] PORTS = {80, 8080, 9090, 5432, 6379, 3000, 8443};
  private static final long INTERVAL_SECONDS = 300;

  private final JsonGenerator json;
  private final long start;
  private final int workloads;
  private final long edges;

  LargeCluster(Writer out, Instant start, int workloads, long edges) throws IOException {
    this.json = new JsonFactory().createGenerator(out);
    this.json.setRootValueSeparator(null);
    this.start = start.getEpochSecond();
    this.workloads = workloads;
    this.edges = edges;
  }

  record Workload(String namespace, String name, String hash) {}

  /** Writes the records; returns how many. */
  long run() throws IOException {
    Random random = new Random(workloads * 31L + edges);
    List<Workload> all = new ArrayList<>();
    for (int i = 0; i < workloads; i++) {
      String ns = String.format("team-%03d", i / PER_NAMESPACE);
      all.add(new Workload(ns, String.format("svc-%03d", i % PER_NAMESPACE), hash(random)));
    }
    Workload hub = new Workload("platform", "auth", hash(random));
    Workload dns = new Workload("kube-system", "coredns", hash(random));
    long written = 0;
    for (Workload w : all) {
      if (written < edges) {
        record(w, hub, 8443, "tcp", written++);
      }
      if (written < edges) {
        record(w, dns, 53, "udp", written++);
      }
    }
    Set<String> seen = new HashSet<>();
    while (written < edges) {
      int c = random.nextInt(all.size());
      Workload client = all.get(c);
      Workload server;
      if (random.nextInt(5) > 0) {
        int base = c / PER_NAMESPACE * PER_NAMESPACE;
        server = all.get(Math.min(all.size() - 1, base + random.nextInt(PER_NAMESPACE)));
      } else {
        server = all.get(random.nextInt(all.size()));
      }
      int port = PORTS[random.nextInt(PORTS.length)];
      if (server != client && seen.add(client + ">" + server + ":" + port)) {
        record(client, server, port, "tcp", written++);
      }
    }
    json.flush();
    return written;
  }

  private void record(Workload client, Workload server, int port, String proto, long n)
      throws IOException {
    long t = start + (n % 12) * INTERVAL_SECONDS;
    json.writeStartObject();
    json.writeNumberField("start_time", t);
    json.writeNumberField("end_time", t + INTERVAL_SECONDS);
    side("source", client);
    side("dest", server);
    json.writeNumberField("dest_port", port);
    json.writeStringField("proto", proto);
    json.writeStringField("action", "allow");
    json.writeStringField("reporter", "src");
    json.writeNumberField("num_flows", 1 + n % 7);
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private void side(String prefix, Workload w) throws IOException {
    json.writeNullField(prefix + "_ip");
    json.writeStringField(prefix + "_name", "-");
    json.writeStringField(prefix + "_name_aggr", w.name() + "-" + w.hash() + "-*");
    json.writeStringField(prefix + "_namespace", w.namespace());
    json.writeStringField(prefix + "_type", "wep");
    json.writeObjectFieldStart(prefix + "_labels");
    json.writeArrayFieldStart("labels");
    if (w.name().equals("coredns")) {
      json.writeString("k8s-app=kube-dns");
    } else {
      json.writeString("app.kubernetes.io/name=" + w.name());
      json.writeString("app.kubernetes.io/part-of=" + w.namespace());
    }
    json.writeString("pod-template-hash=" + w.hash());
    json.writeEndArray();
    json.writeEndObject();
  }

  private static String hash(Random random) {
    return suffix(random, 10);
  }

  /** A random name suffix as Kubernetes writes them (no vowels, no look-alike digits). */
  static String suffix(Random random, int length) {
    String safe = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(safe.charAt(random.nextInt(safe.length())));
    }
    return out.toString();
  }
}
