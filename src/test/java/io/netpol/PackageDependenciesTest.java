package io.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the tool depend on each other without a cycle, read from the sources: every
 * mention of {@code io.netpol.<package>.} in a file (imports and fully qualified names) is a
 * dependency of the file's package.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/netpol");
  private static final Pattern MENTION = Pattern.compile("\\bio\\.netpol\\.([a-z]+)\\.");

  private static Map<String, Set<String>> dependencies;

  @BeforeAll
  static void readTheSources() throws IOException {
    dependencies = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String own = SOURCES.relativize(file).getName(0).toString();
        Set<String> uses = dependencies.computeIfAbsent(own, k -> new TreeSet<>());
        Matcher m = MENTION.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(own)) {
            uses.add(m.group(1));
          }
        }
      }
    }
  }

  @Test
  void no_package_depends_on_itself_through_others() {
    List<String> cycles = new ArrayList<>();
    for (String start : dependencies.keySet()) {
      List<String> cycle = cycleThrough(start);
      if (cycle != null) {
        cycles.add(String.join(" -> ", cycle));
      }
    }
    assertEquals(List.of(), cycles, "package cycles in " + dependencies);
  }

  @Test
  void the_failure_package_depends_on_no_other_so_every_layer_may_throw_its_type() {
    assertTrue(dependencies.containsKey("failure"), dependencies::toString);
    assertEquals(Set.of(), dependencies.get("failure"));
  }

  /** A path from {@code start} back to itself, or {@code null}. */
  private static List<String> cycleThrough(String start) {
    Deque<List<String>> paths = new ArrayDeque<>();
    paths.add(List.of(start));
    Set<String> seen = new TreeSet<>();
    while (!paths.isEmpty()) {
      List<String> path = paths.poll();
      for (String next : dependencies.getOrDefault(path.get(path.size() - 1), Set.of())) {
        List<String> longer = new ArrayList<>(path);
        longer.add(next);
        if (next.equals(start)) {
          return longer;
        }
        if (seen.add(next)) {
          paths.add(longer);
        }
      }
    }
    return null;
  }
}
