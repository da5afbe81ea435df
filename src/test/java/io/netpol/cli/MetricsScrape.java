package io.netpol.cli;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrapes a metrics endpoint over HTTP the way Prometheus does, and parses what it gets strictly:
 * the protobuf exposition with the client's own generated message classes, and the text exposition
 * line by line against its grammar (every sample of a declared family, no sample twice).
 */
public final class MetricsScrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?$");
  private static final Pattern META =
      Pattern.compile("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$");

  private MetricsScrape() {}

  /**
   * Every sample, as {@code name{label="value",...}} (labels sorted) to its value: the text
   * exposition checked strictly, then the protobuf one read (two requests).
   */
  public static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
    strictText(get(port, "text/plain; version=0.0.4; charset=utf-8"));
    return protobuf(port);
  }

  /**
   * Every sample, from one request for the protobuf exposition, parsed with the client's own
   * generated message classes (as {@link #scrape}).
   */
  public static Map<String, Double> protobuf(int port) throws IOException, InterruptedException {
    Map<String, Double> out = new TreeMap<>();
    try (InputStream in =
        HTTP.send(request(port, PROTOBUF), HttpResponse.BodyHandlers.ofInputStream()).body()) {
      for (Metrics.MetricFamily family = Metrics.MetricFamily.parseDelimitedFrom(in);
          family != null;
          family = Metrics.MetricFamily.parseDelimitedFrom(in)) {
        for (Metrics.Metric m : family.getMetricList()) {
          Map<String, String> labels = new TreeMap<>();
          m.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
          StringBuilder key = new StringBuilder(family.getName());
          if (!labels.isEmpty()) {
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=\"" + v + "\""));
            key.append('{').append(String.join(",", parts)).append('}');
          }
          double value =
              switch (family.getType()) {
                case COUNTER -> m.getCounter().getValue();
                case GAUGE -> m.getGauge().getValue();
                default -> Double.NaN;
              };
          if (out.put(key.toString(), value) != null) {
            throw new AssertionError("sample served twice: " + key);
          }
        }
      }
    }
    return out;
  }

  private static HttpRequest request(int port, String accept) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
        .header("Accept", accept)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  public static String get(int port, String accept) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request(port, accept), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + " from /metrics: " + r.body());
    }
    return r.body();
  }

  /** Checks the text exposition format line by line; returns the declared families by type. */
  public static Map<String, String> strictText(String text) {
    if (!text.endsWith("\n")) {
      throw new AssertionError("the exposition must end with a newline");
    }
    Map<String, String> types = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher meta = META.matcher(line);
      if (meta.matches()) {
        if (meta.group(1).equals("TYPE")) {
          if (!Set.of("counter", "gauge", "histogram", "summary", "untyped")
              .contains(meta.group(3))) {
            throw new AssertionError("line " + n + ": unknown type: " + line);
          }
          if (types.put(meta.group(2), meta.group(3)) != null) {
            throw new AssertionError("line " + n + ": family declared twice: " + line);
          }
        }
        continue;
      }
      if (line.startsWith("#")) {
        throw new AssertionError("line " + n + ": not a HELP or TYPE comment: " + line);
      }
      Matcher s = SAMPLE.matcher(line);
      if (!s.matches()) {
        throw new AssertionError("line " + n + ": not a sample: " + line);
      }
      String name = s.group(1);
      String family =
          types.containsKey(name)
              ? name
              : name.replaceAll("_(total|created|sum|count|bucket)$", "");
      if (!types.containsKey(family) || !NAME.matcher(family).matches()) {
        throw new AssertionError("line " + n + ": sample of an undeclared family: " + line);
      }
      Double.parseDouble(s.group(3).replace("Inf", "Infinity"));
      if (!seen.add(name + (s.group(2) == null ? "" : s.group(2)))) {
        throw new AssertionError("line " + n + ": sample served twice: " + line);
      }
    }
    return types;
  }
}
