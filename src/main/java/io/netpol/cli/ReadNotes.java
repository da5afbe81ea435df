package io.netpol.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** What a policy folder held besides the policies a command reads: a few lines, then a count. */
final class ReadNotes {
  /** At most this many notes are printed; the rest are counted. */
  static final int LISTED = 5;

  private ReadNotes() {}

  /** Prints {@code notes} on {@code err} as {@code command: note: ...}. */
  static void print(PrintWriter err, String command, List<String> notes, Path where) {
    for (int i = 0; i < notes.size() && i < LISTED; i++) {
      err.println(command + ": note: " + notes.get(i));
    }
    if (notes.size() > LISTED) {
      err.println(
          command
              + ": note: and "
              + (notes.size() - LISTED)
              + " more documents skipped in "
              + where);
    }
    err.flush();
  }
}
