package io.netpol.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netpol.failure.ExitCode;
import io.netpol.flow.ObservedConnection;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend flows}: list the stored connections. */
@Command(
    name = "flows",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "List the observed edges in the store, one per client, server, port, protocol and verdict, with the"
          + " connections counted on each.",
      "",
      "-o json prints one JSON array; each element is {client, server, port, protocol, verdict, count,"
          + " firstSeen, lastSeen} with endpoints {kind, namespace, workload, labels, ip}; count is the"
          + " edge's connections."
    })
public final class FlowsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Only connections with a side in this namespace; repeatable.")
  List<String> namespaces = new ArrayList<>();

  @Mixin OutputOptions output = OutputOptions.of(Format.TABLE, Format.JSON);

  private final Services services;

  public FlowsCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    Format format = output.format();
    List<ObservedConnection> connections;
    try (Store store = services.openStore(db.existing())) {
      connections = store.edges().connections(namespaces);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      List<Object> json = new ArrayList<>();
      connections.forEach(c -> json.add(ConnectionJson.connection(c)));
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(json));
    } else {
      printTable(out, connections);
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(total(connections, namespaces));
    err.flush();
    return ExitCode.OK.code();
  }

  /** "flows: N edges, M connections" (in the namespaces asked for). */
  static String total(List<ObservedConnection> edges, List<String> namespaces) {
    long connections = edges.stream().mapToLong(ObservedConnection::count).sum();
    return String.format(
        "flows: %,d edge%s, %,d connection%s%s",
        edges.size(),
        edges.size() == 1 ? "" : "s",
        connections,
        connections == 1 ? "" : "s",
        namespaces.isEmpty() ? "" : " with a side in " + String.join(", ", namespaces));
  }

  private static void printTable(PrintWriter out, List<ObservedConnection> connections) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CLIENT", "SERVER", "PORT", "VERDICT", "CONNECTIONS", "LAST SEEN"});
    for (ObservedConnection c : connections) {
      String last = ConnectionJson.time(c.lastSeenMs());
      rows.add(
          new String[] {
            c.client().display(),
            c.server().display(),
            c.port() + "/" + c.protocol(),
            c.verdict().wireName(),
            String.format("%,d", c.count()),
            last == null ? "-" : last
          });
    }
    Table.print(out, rows);
  }
}
