package io.netpol.cli;

import io.fabric8.kubernetes.client.Config;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The cluster's address and credentials when no {@code --kubeconfig} is given: fabric8's
 * auto-configuration (kubeconfig from {@code $KUBECONFIG} or {@code ~/.kube/config}, an in-cluster
 * service account, {@code kubernetes.master}), refused before any network use when it found none.
 * Without this the client would wait half a minute on {@code kubernetes.default.svc}, a name that
 * only resolves inside a cluster.
 */
final class ClusterConfig {
  static final String NO_KUBECONFIG =
      "no kubeconfig found at %s, and no service-account token (not inside a cluster); use"
          + " --kubeconfig PATH and --context NAME";
  static final String DEFAULT_LOCATIONS = "~/.kube/config or $KUBECONFIG";

  private ClusterConfig() {}

  /** Auto-configuration from the system properties, environment and files fabric8 reads. */
  static Config autoConfigure(String context) {
    return autoConfigure(context, ClusterConfig::setting, Files::isRegularFile);
  }

  /**
   * Auto-configuration, refused when nothing configures a cluster.
   *
   * @param setting a fabric8 setting by its system property name (the environment variable is the
   *     same name upper-cased with '_' for '.'), or null
   * @param exists whether a file exists
   */
  static Config autoConfigure(
      String context, UnaryOperator<String> setting, Predicate<Path> exists) {
    Config config = Config.autoConfigure(context);
    if (config.getFile() != null
        || setting.apply(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY) != null
        || setting.apply(Config.KUBERNETES_SERVICE_HOST_PROPERTY) != null
        || exists.test(tokenFile(setting))) {
      return config;
    }
    String kubeconfig = setting.apply(Config.KUBERNETES_KUBECONFIG_FILE);
    throw new NetpolException(
        ExitCode.INVALID_INPUT,
        String.format(
            NO_KUBECONFIG,
            kubeconfig == null ? DEFAULT_LOCATIONS : "$KUBECONFIG (" + kubeconfig + ")"));
  }

  private static Path tokenFile(UnaryOperator<String> setting) {
    String file = setting.apply(Config.KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN_FILE_SYSTEM_PROPERTY);
    return Path.of(file != null ? file : Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH);
  }

  /** What fabric8 reads: the system property, else the environment variable. */
  private static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? null : value;
  }
}
