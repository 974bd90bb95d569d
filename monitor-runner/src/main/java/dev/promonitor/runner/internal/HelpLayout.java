package dev.promonitor.runner.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The synopsis and option list of {@code --help}, wrapped at spaces only: picocli's own wrapping
 * breaks lines after any dot or colon, inside a URL ({@code http: //host}), a key
 * ({@code app. web_config_file}) or a flag ({@code --log. level}), which can then not be copied.
 */
public final class HelpLayout {

  /** Where descriptions start, as in picocli's own layout. */
  private static final int DESCRIPTION_COLUMN = 30;

  private HelpLayout() {}

  /**
   * Replaces the synopsis and the option list of a command line's help.
   *
   * @param commandLine the command line
   */
  public static void install(CommandLine commandLine) {
    commandLine
        .getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> synopsis(help.commandSpec()));
    commandLine
        .getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            help -> optionList(help.commandSpec()));
  }

  static String synopsis(CommandSpec spec) {
    // After the heading "Usage: ", which picocli prints itself.
    String start = spec.qualifiedName() + " ";
    List<String> words = new ArrayList<>();
    for (OptionSpec option : ordered(spec)) {
      String word = "[" + option.longestName() + label(option) + "]";
      words.add(option.isMultiValue() ? word + "..." : word);
    }
    int heading = spec.usageMessage().synopsisHeading().length();
    return wrap(start, String.join(" ", words), width(spec) - heading, start.length())
            .replace("\n", "\n" + " ".repeat(heading))
        + "\n";
  }

  static String optionList(CommandSpec spec) {
    StringBuilder text = new StringBuilder();
    int width = width(spec);
    for (OptionSpec option : ordered(spec)) {
      String shortName = option.shortestName().length() == 2 ? option.shortestName() + ", " : "    ";
      String names = "  " + shortName + option.longestName() + label(option);
      String description = String.join(" ", option.description());
      if (names.length() + 2 <= DESCRIPTION_COLUMN) {
        String first = names + " ".repeat(DESCRIPTION_COLUMN - names.length());
        text.append(wrap(first, description, width, DESCRIPTION_COLUMN + 2));
      } else {
        text.append(names).append('\n');
        text.append(wrap(" ".repeat(DESCRIPTION_COLUMN), description, width, DESCRIPTION_COLUMN + 2));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** The options in their declared order, the standard help options last. */
  private static List<OptionSpec> ordered(CommandSpec spec) {
    List<OptionSpec> options = new ArrayList<>();
    List<OptionSpec> standard = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      (option.usageHelp() || option.versionHelp() ? standard : options).add(option);
    }
    options.addAll(standard);
    return options;
  }

  private static String label(OptionSpec option) {
    return option.arity().max() == 0 ? "" : "=" + option.paramLabel();
  }

  private static int width(CommandSpec spec) {
    return Math.max(60, spec.usageMessage().width());
  }

  /**
   * Wraps {@code text} after {@code start}, breaking at spaces only; continuation lines are
   * indented to {@code indent}. A word longer than a line stays whole.
   */
  static String wrap(String start, String text, int width, int indent) {
    StringBuilder out = new StringBuilder(start);
    int lineLength = start.length();
    boolean lineHasWord = false;
    for (String word : text.split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      if (lineHasWord && lineLength + 1 + word.length() > width) {
        out.append('\n').append(" ".repeat(indent));
        lineLength = indent;
        lineHasWord = false;
      }
      if (lineHasWord) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
      lineHasWord = true;
    }
    return out.toString();
  }
}
