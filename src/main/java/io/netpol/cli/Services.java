package io.netpol.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kafka.KafkaClients;
import io.netpol.kafka.KafkaSettings;
import io.netpol.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds what commands work with (store, clock, standard input), so commands stay thin and tests
 * can run them in-process against real components with a fixed clock.
 */
public class Services {

  public Store openStore(Path db) {
    return Store.open(db);
  }

  /** A client for the cluster the options name; the caller closes it. */
  public KubernetesClient kubernetes(KubeOptions options) {
    Config config;
    try {
      if (options.kubeconfig() != null) {
        if (!Files.isReadable(options.kubeconfig())) {
          throw new IOException("no such readable file");
        }
        config = Config.fromKubeconfig(options.context(), options.kubeconfig().toFile());
      } else {
        config = ClusterConfig.autoConfigure(options.context());
      }
    } catch (NetpolException e) {
      throw e;
    } catch (IOException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          "cannot read kubeconfig "
              + options.kubeconfig()
              + ": "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                  ? KubeconfigProblem.describe(e)
                  : e.getMessage()));
    } catch (RuntimeException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          "cannot use the kubeconfig"
              + (options.context() != null ? " context " + options.context() : "")
              + ": "
              + KubeconfigProblem.describe(e)
              + "; check --kubeconfig and --context");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Creates the Kafka clients for these settings. */
  public KafkaClients kafka(KafkaSettings settings) {
    return new KafkaClients(settings);
  }

  /**
   * Runs {@code stop} when the JVM is asked to end (SIGTERM, SIGINT) while {@code body} runs, so a
   * long-running consumer finishes its batch cleanly.
   */
  public <T> T untilShutdown(Runnable stop, java.util.function.Supplier<T> body) {
    Thread hook = new Thread(stop, "netpol-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return body.get();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it waits for us.
      }
    }
  }

  /** The local user and host, which the audit log names when the API server cannot say who. */
  public String localUser() {
    return System.getProperty("user.name", "unknown")
        + "@"
        + io.netpol.rollout.RolloutService.host();
  }

  public Clock clock() {
    return Clock.systemUTC();
  }

  public InputStream stdin() {
    return System.in;
  }

  /**
   * The terminal itself (stderr without the guard on control characters), for the progress line
   * that redraws itself; only used when {@link #interactive()}.
   */
  public java.io.PrintWriter terminal() {
    return new java.io.PrintWriter(System.err, true);
  }

  /** Whether progress lines make sense (stderr is an interactive terminal). */
  public boolean interactive() {
    return System.console() != null;
  }
}
