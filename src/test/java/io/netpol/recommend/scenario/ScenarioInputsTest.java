package io.netpol.recommend.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inputs of the generated golden scenarios are exactly what {@link GoldenScenarios} writes, so
 * they cannot drift from the code that explains them. {@code -Dgolden.update=true} rewrites them
 * (run it before the golden test's own update).
 */
class ScenarioInputsTest {
  static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

  static Stream<String> scenarios() {
    return GoldenScenarios.all().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void the_scenario_inputs_are_what_the_builders_write(String name) throws IOException {
    Path dir = SCENARIOS.resolve(name);
    for (Map.Entry<String, String> f : GoldenScenarios.all().get(name).files().entrySet()) {
      Path file = dir.resolve(f.getKey());
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(dir);
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      } else {
        assertEquals(
            f.getValue(),
            Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)",
            file + " differs from what GoldenScenarios writes; -Dgolden.update=true rewrites it");
      }
    }
  }
}
