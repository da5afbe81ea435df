package io.netpol.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One input of {@code observe}: a file, or standard input ({@code -}).
 *
 * @param display how messages name it (the path as given)
 * @param evidence how the evidence of what it held is named in the store and in proposals: {@code
 *     file:<name>} (the path inside the folder given for files found in a folder), or {@code
 *     stdin}; independent of the working directory, so a proposal does not change because {@code
 *     observe} ran somewhere else
 */
public record Input(String display, Path path, boolean fromFolder, String evidence) {

  public static final String STDIN = "-";

  public Input(String display, Path path, boolean fromFolder) {
    this(display, path, fromFolder, path == null ? "stdin" : fileEvidence(path.getFileName()));
  }

  /**
   * How the evidence read from a Kafka topic partition is named: {@code kafka:<topic>/<partition>}.
   */
  public static String kafkaEvidence(String topic, int partition) {
    return "kafka:" + topic + "/" + partition;
  }

  private static String fileEvidence(Path name) {
    return "file:" + name.toString().replace('\\', '/');
  }

  public boolean isStdin() {
    return path == null;
  }

  /**
   * Expands the command-line paths: files as given, folders recursively (hidden files skipped),
   * {@code -} for standard input. Within a folder, rotated generations are read oldest first
   * ({@code flows.log.2.gz}, {@code flows.log.1}, {@code flows.log}) so time runs forward. Paths
   * that do not exist are reported on {@code report} and left out.
   */
  static List<Input> expand(List<String> args, IngestReport report) {
    List<Input> out = new ArrayList<>();
    java.util.Map<Object, String> seen = new java.util.HashMap<>();
    for (String arg : args) {
      if (STDIN.equals(arg)) {
        out.add(new Input("stdin", null, false));
        continue;
      }
      Path path = Path.of(arg);
      if (Files.isDirectory(path)) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(p -> !isHidden(path, p)).forEach(files::add);
        } catch (IOException | java.io.UncheckedIOException e) {
          report.failedInput(
              new Problem(
                  arg, "cannot list folder: " + e.getMessage() + "; check its permissions"));
          continue;
        }
        files.sort(ROTATION_ORDER);
        for (Path f : files) {
          addOnce(
              new Input(f.toString(), f, true, fileEvidence(path.relativize(f))),
              seen,
              out,
              report);
        }
      } else if (Files.isRegularFile(path)) {
        addOnce(new Input(arg, path, false), seen, out, report);
      } else if (Files.exists(path)) {
        report.failedInput(
            new Problem(
                arg, "not a regular file or folder; pass flow-log files, folders or - for stdin"));
      } else {
        report.failedInput(new Problem(arg, "no such file or folder; check the path"));
      }
    }
    return out;
  }

  /** Adds {@code input} unless the same file was listed before (a path twice, a hard link). */
  private static void addOnce(
      Input input, java.util.Map<Object, String> seen, List<Input> out, IngestReport report) {
    String first = seen.putIfAbsent(identity(input.path()), input.display());
    if (first == null) {
      out.add(input);
    } else {
      report.priorRead(
          new PriorRead(PriorRead.Kind.LISTED_TWICE, input.display(), first, 0, "line"));
    }
  }

  private static Object identity(Path path) {
    try {
      Object key =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      return key != null ? key : path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern ROTATED = Pattern.compile("^(.*?)(?:\\.(\\d{1,4}))?(?:\\.gz)?$");

  /** Folder, then base name, then rotation number descending (the live file last). */
  static final Comparator<Path> ROTATION_ORDER =
      Comparator.comparing((Path p) -> String.valueOf(p.getParent()))
          .thenComparing(p -> base(p).group(1))
          .thenComparing(p -> -rotation(p))
          .thenComparing(Path::toString);

  private static Matcher base(Path p) {
    Matcher m = ROTATED.matcher(p.getFileName().toString());
    m.matches();
    return m;
  }

  private static int rotation(Path p) {
    String n = base(p).group(2);
    return n == null ? -1 : Integer.parseInt(n);
  }
}
