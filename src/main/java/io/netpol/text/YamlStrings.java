package io.netpol.text;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Which strings YAML must quote so that every reader takes them for strings. A plain scalar is
 * resolved by the reader's schema: YAML 1.1 (SnakeYAML, and so Jackson, go-yaml v2 under kubectl)
 * reads {@code 0x1F}, {@code 0b101}, {@code 0777}, {@code 1_000}, {@code 1:20}, {@code yes}, {@code
 * off}, {@code ~} and {@code 2026-11-20} as numbers, booleans, nulls or dates; YAML 1.2 adds {@code
 * 0o17}; several readers take {@code 1e5} for a float. A label value {@code 0x1F} written plain
 * comes back as 31 and the selector stops matching. The checker quotes every string whose plain
 * form matches any of these schemas, on top of what Jackson quotes already.
 */
public final class YamlStrings {
  private static final String INT =
      "[-+]?0b[01_]+" // binary (1.1)
          + "|[-+]?0o?[0-7_]+" // octal (1.1: 0777, 1.2: 0o17)
          + "|[-+]?(0|[1-9][0-9_]*)" // decimal, with 1.1's underscores
          + "|[-+]?0x[0-9a-fA-F_]+" // hexadecimal
          + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"; // sexagesimal (1.1)
  private static final String FLOAT =
      "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+]?[0-9]+)?" // 1.1, with an optional exponent sign
          + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?" // 1.2, SnakeYAML
          + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*" // sexagesimal (1.1)
          + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)";
  private static final String BOOL =
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF";
  private static final String NULL = "~|null|Null|NULL|";
  private static final String TIMESTAMP =
      "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
          + "(([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?"
          + "([ \\t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?";
  private static final String OTHER = "<<|="; // merge key and value (1.1)
  private static final Pattern NOT_A_STRING =
      Pattern.compile(String.join("|", INT, FLOAT, BOOL, NULL, TIMESTAMP, OTHER));

  private YamlStrings() {}

  /** The words of {@link #BOOL} and {@link #NULL}: the only matches that begin with a letter. */
  private static final java.util.Set<String> WORDS =
      java.util.Set.of((BOOL + "|" + NULL).split("\\|"));

  /** Whether {@code value}, written plain, reads as anything but that string in YAML 1.1 or 1.2. */
  public static boolean readsAsOtherThanString(String value) {
    // Numbers, dates and the merge key begin with a digit, a sign, a dot or a symbol: a value that
    // begins with a letter can only be one of the words (most values are names; no regex for them).
    char first = value.isEmpty() ? '~' : value.charAt(0);
    if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')) {
      return WORDS.contains(value);
    }
    return NOT_A_STRING.matcher(value).matches();
  }

  /** The regular expression alone, for tests of the shortcut. */
  static boolean matchesNotAString(String value) {
    return NOT_A_STRING.matcher(value).matches();
  }

  /** Jackson's quoting, and quotes for every string a YAML 1.1 or 1.2 reader would resolve. */
  public static StringQuotingChecker checker() {
    return new Checker();
  }

  private static final class Checker extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || readsAsOtherThanString(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || readsAsOtherThanString(value);
    }
  }
}
