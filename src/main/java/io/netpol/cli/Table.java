package io.netpol.cli;

import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import java.util.List;

/** Plain aligned columns, kubectl style; cells are escaped, so no value can break a row. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<String[]> table) {
    List<String[]> rows = new java.util.ArrayList<>();
    for (String[] row : table) {
      String[] escaped = new String[row.length];
      for (int i = 0; i < row.length; i++) {
        escaped[i] = DisplayText.escape(row[i]);
      }
      rows.add(escaped);
    }
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
