package io.netpol.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The team's reference exports ({@code ../shared/fixtures}, real flow logs from public
 * repositories), beside the project; tests that read them are skipped when the folder is not there.
 */
public final class SharedFixtures {

  public static final Path DIR = Path.of("..", "shared", "fixtures");

  private SharedFixtures() {}

  /** Every flow log of the folder (its notes left out), in a stable order. */
  public static List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(DIR)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.toString().endsWith(".md"))
          .sorted()
          .toList();
    }
  }

  /** One test of {@code test} per flow log of the folder, named after it; skipped without it. */
  public static Stream<DynamicTest> each(ThrowingConsumer<Path> test) throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(DIR), "no shared fixtures at " + DIR.toAbsolutePath());
    return files().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    DIR.relativize(fixture).toString(), () -> test.accept(fixture)));
  }
}
