package io.netpol.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * How a message names a command to run next. The command line gives one that writes the options
 * this run was given (its {@code --plan}, {@code --db}, {@code --state}, kubeconfig and context),
 * so that a command named in a refusal runs as printed; {@link #BARE} writes the words alone.
 */
@FunctionalInterface
public interface CommandHint {
  /** {@code netpol-rollout SUBCOMMAND [the options of this run] ARGUMENTS}. */
  String command(String subcommand, String... arguments);

  /** {@code netpol-rollout SUBCOMMAND ARGUMENTS}, for a caller that knows no options. */
  CommandHint BARE =
      (subcommand, arguments) -> {
        List<String> words = new ArrayList<>(List.of("netpol-rollout", subcommand));
        words.addAll(List.of(arguments));
        return String.join(" ", words);
      };
}
