package dev.promonitor.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table, built row by row. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "cells: Expecting " + header.size() + " cells. Found: " + cells.length);
    }
    rows.add(List.of(cells));
    return this;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    out.append('|');
    header.forEach(cell -> out.append("---|"));
    out.append('\n');
    rows.forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append('|');
    cells.forEach(cell -> out.append(' ').append(cell.replace("|", "\\|")).append(" |"));
    out.append('\n');
  }

  /** {@code PASS} or {@code MISS}. */
  static String verdict(boolean pass) {
    return pass ? "PASS" : "MISS";
  }
}
