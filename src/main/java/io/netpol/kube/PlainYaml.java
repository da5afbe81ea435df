package io.netpol.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A fast reader for the plain subset of YAML that Kubernetes manifests are written in (and that
 * {@code propose} writes): block mappings and sequences indented with spaces, plain and simply
 * quoted scalars, literal blocks ({@code |}, {@code |-}), {@code {}}, {@code []} and flow lists of
 * plain words, comment lines, {@code ---} between documents.
 *
 * <p>It gives up, returning {@code null}, at the first thing outside that subset or whose meaning
 * could depend on the YAML version (anchors, tags, folded or multi-line scalars, escapes, comments
 * after values, booleans, nulls, numbers other than plain decimal integers, ...); the caller then
 * parses the text with the full YAML parser. Whatever it returns equals what that parser gives,
 * which a test checks on real manifests and on thousands of mangled ones. It exists because a large
 * cluster's proposal is a hundred megabytes of YAML, which the full parser reads several times
 * slower. Lines are kept as offsets into the text: no line is copied.
 */
final class PlainYaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final Set<String> SPECIAL_WORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf");

  /** Thrown inside the reader when the text leaves the subset; never escapes it. */
  private static final class NotPlain extends RuntimeException {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  private final String text;

  /** Per line: its indentation, where its content starts (after the indentation), where it ends. */
  private final int[] indents;

  private final int[] starts;
  private final int[] ends;
  private int pos;
  private int end;

  private PlainYaml(String text, int lines) {
    this.text = text;
    indents = new int[lines];
    starts = new int[lines];
    ends = new int[lines];
    int from = 0;
    for (int i = 0; i < lines; i++) {
      int to = text.indexOf('\n', from);
      to = to < 0 ? text.length() : to;
      int content = from;
      while (content < to && text.charAt(content) == ' ') {
        content++;
      }
      indents[i] = content - from;
      starts[i] = content;
      ends[i] = to;
      from = to + 1;
    }
  }

  /** The documents of {@code text}, or {@code null} when it is not plain YAML. */
  static List<JsonNode> parse(String text) {
    int lines = printableLines(text);
    if (lines < 0) {
      return null;
    }
    try {
      return new PlainYaml(text, lines).documents();
    } catch (NotPlain e) {
      return null;
    }
  }

  /**
   * The number of lines, or -1 unless only newlines and printable characters that every YAML
   * version reads alike appear: no tabs, carriage returns, byte order marks, C1 controls or other
   * line separators.
   */
  private static int printableLines(String text) {
    int lines = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        if (c == '\n') {
          lines++;
        } else if (c < 0xa0
            || c == '\u2028'
            || c == '\u2029'
            || c == '\uFEFF'
            || c >= '\uFFFE'
            || Character.isSurrogate(c)) {
          return -1;
        }
      }
    }
    return lines;
  }

  private boolean isEmpty(int line) {
    return starts[line] == ends[line];
  }

  private char first(int line) {
    return text.charAt(starts[line]);
  }

  private boolean is(int line, String content) {
    return ends[line] - starts[line] == content.length() && text.startsWith(content, starts[line]);
  }

  private List<JsonNode> documents() {
    List<JsonNode> docs = new ArrayList<>();
    int start = 0;
    boolean first = true;
    for (int i = 0; i <= starts.length; i++) {
      boolean last = i == starts.length;
      boolean marker = !last && indents[i] == 0 && text.startsWith("---", starts[i]);
      if (marker && !is(i, "---")) {
        throw new NotPlain();
      }
      if (marker || last) {
        pos = start;
        end = i;
        boolean empty = nextStructural() < 0;
        if (!(empty && first && (marker || docs.isEmpty()))) {
          if (empty) {
            throw new NotPlain();
          }
          docs.add(document());
        }
        first = false;
        start = i + 1;
      }
    }
    return docs;
  }

  private JsonNode document() {
    int line = nextStructural();
    if (indents[line] != 0 || isItem(line)) {
      throw new NotPlain();
    }
    JsonNode root = mapping(0);
    if (nextStructural() >= 0) {
      throw new NotPlain();
    }
    return root;
  }

  /** The next line that is neither blank nor a comment, or -1; {@code pos} moves to it. */
  private int nextStructural() {
    while (pos < end) {
      if (!isEmpty(pos)) {
        char c = first(pos);
        if (c == '%' || text.startsWith("...", starts[pos])) {
          throw new NotPlain();
        }
        if (c != '#') {
          return pos;
        }
      }
      pos++;
    }
    return -1;
  }

  private boolean isItem(int line) {
    int s = starts[line];
    return text.charAt(s) == '-' && (s + 1 == ends[line] || text.charAt(s + 1) == ' ');
  }

  private JsonNode block(int parentIndent) {
    int line = nextStructural();
    if (line < 0 || indents[line] <= parentIndent) {
      throw new NotPlain();
    }
    return isItem(line) ? sequence(indents[line]) : mapping(indents[line]);
  }

  private ObjectNode mapping(int indent) {
    ObjectNode out = NODES.objectNode();
    while (true) {
      int line = nextStructural();
      if (line < 0 || indents[line] < indent) {
        return out;
      }
      if (indents[line] > indent || isItem(line)) {
        throw new NotPlain();
      }
      int colon = keyEnd(starts[line], ends[line]);
      if (colon < 0) {
        throw new NotPlain();
      }
      String key = text.substring(starts[line], colon);
      if (out.has(key) || key.equals("<<") || special(key)) {
        throw new NotPlain();
      }
      int restEnd = ends[line];
      pos++;
      out.set(key, value(indent, colon + 1, restEnd));
    }
  }

  /**
   * The value after {@code key:}, written from {@code from} to {@code to} on a line at {@code
   * indent}, or below it; {@code pos} is past that line.
   */
  private JsonNode value(int indent, int from, int to) {
    while (from < to && text.charAt(from) == ' ') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == ' ') {
      to--;
    }
    if (from == to) {
      int next = nextStructural();
      if (next >= 0 && indents[next] == indent && isItem(next)) {
        return sequence(indent);
      }
      return block(indent);
    }
    if (text.charAt(from) == '|'
        && (to - from == 1 || (to - from == 2 && text.charAt(to - 1) == '-'))) {
      return literal(indent, to - from == 2);
    }
    JsonNode scalar = inline(text.substring(from, to));
    int next = nextStructural();
    if (next >= 0 && indents[next] > indent) {
      throw new NotPlain();
    }
    return scalar;
  }

  private ArrayNode sequence(int indent) {
    ArrayNode out = NODES.arrayNode();
    while (true) {
      int line = nextStructural();
      if (line < 0 || indents[line] < indent || !isItem(line)) {
        if (line >= 0 && indents[line] > indent) {
          throw new NotPlain();
        }
        return out;
      }
      if (indents[line] > indent) {
        throw new NotPlain();
      }
      int s = starts[line];
      if (s + 1 == ends[line]) {
        pos++;
        out.add(block(indent));
        continue;
      }
      int rest = s + 1;
      while (rest < ends[line] && text.charAt(rest) == ' ') {
        rest++;
      }
      if (rest == ends[line]) {
        throw new NotPlain();
      }
      int offset = rest - s;
      starts[line] = rest;
      indents[line] = indent + offset;
      if (isItem(line)) {
        throw new NotPlain();
      }
      if (keyEnd(rest, ends[line]) >= 0) {
        // "- key: value" starts a mapping whose keys line up with this one.
        out.add(mapping(indent + offset));
      } else {
        pos++;
        out.add(value(indent, rest, ends[line]));
      }
    }
  }

  /** The colon ending a plain key at {@code from}, or -1 when the text there is no key. */
  private int keyEnd(int from, int to) {
    if (from == to || INDICATORS.indexOf(text.charAt(from)) >= 0) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == ':' && (i + 1 == to || text.charAt(i + 1) == ' ')) {
        return text.charAt(i - 1) != ' ' ? i : -1;
      }
      if (c == '#' && text.charAt(i - 1) == ' ') {
        return -1;
      }
    }
    return -1;
  }

  /** A literal block scalar under a key at {@code indent}, clipped or stripped. */
  private JsonNode literal(int indent, boolean strip) {
    int blockIndent = -1;
    int blank = 0;
    StringBuilder out = new StringBuilder();
    while (pos < end) {
      if (isEmpty(pos)) {
        if (blockIndent >= 0 && indents[pos] > blockIndent) {
          throw new NotPlain();
        }
        blank++;
        pos++;
        continue;
      }
      if (indents[pos] <= indent) {
        break;
      }
      if (blockIndent < 0) {
        if (blank > 0) {
          throw new NotPlain();
        }
        blockIndent = indents[pos];
      } else if (indents[pos] < blockIndent) {
        throw new NotPlain();
      }
      if (out.length() > 0 || blank > 0) {
        out.append("\n".repeat(blank + (out.length() > 0 ? 1 : 0)));
      }
      blank = 0;
      out.append(text, starts[pos] - (indents[pos] - blockIndent), ends[pos]);
      pos++;
    }
    if (blockIndent < 0) {
      throw new NotPlain();
    }
    return NODES.textNode(strip ? out.toString() : out.append('\n').toString());
  }

  /** A value written on its key's line: a scalar, {} or [], or a flow list of words. */
  private static JsonNode inline(String text) {
    if (text.contains(" #")) {
      throw new NotPlain();
    }
    if (text.equals("{}")) {
      return NODES.objectNode();
    }
    if (text.equals("[]")) {
      return NODES.arrayNode();
    }
    if (text.startsWith("[") && text.endsWith("]")) {
      ArrayNode out = NODES.arrayNode();
      for (String item : text.substring(1, text.length() - 1).split(",", -1)) {
        String word = item.strip();
        if (word.isEmpty() || word.indexOf('[') >= 0 || word.indexOf('{') >= 0) {
          throw new NotPlain();
        }
        out.add(scalar(word, true));
      }
      return out;
    }
    return scalar(text, false);
  }

  private static JsonNode scalar(String text, boolean inFlow) {
    char first = text.charAt(0);
    if (first == '"' || first == '\'') {
      return quoted(text, first);
    }
    // A ':' followed by a character that is not a space starts a plain scalar in both YAML
    // versions (an IPv6 range such as ::/0); every other indicator hands over to the full parser.
    boolean colonStart = first == ':' && text.length() > 1 && text.charAt(1) != ' ' && !inFlow;
    if ((INDICATORS.indexOf(first) >= 0 && !colonStart)
        || text.contains(": ")
        || text.endsWith(":")) {
      throw new NotPlain();
    }
    if (inFlow && !word(text)) {
      // Inside [...] YAML 1.1 parsers give more characters a meaning: keep to words.
      throw new NotPlain();
    }
    if (special(text)) {
      throw new NotPlain();
    }
    if (first >= '0' && first <= '9' || first == '+' || first == '.') {
      if (text.equals("0") || decimal(text)) {
        return NODES.numberNode(Integer.parseInt(text));
      }
      if (first != '+' && first != '.' && text.indexOf('/') >= 0) {
        return NODES.textNode(text);
      }
      throw new NotPlain();
    }
    return NODES.textNode(text);
  }

  /** {@code [1-9][0-9]{0,8}}: a decimal int every YAML version reads alike. */
  private static boolean decimal(String text) {
    if (text.length() > 9 || text.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Za-z0-9][A-Za-z0-9._/-]*}. */
  private static boolean word(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '/' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean special(String word) {
    return word.length() <= 5 && SPECIAL_WORDS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** {@code "text"} without escapes, or {@code 'text'} with {@code ''} for a quote. */
  private static JsonNode quoted(String text, char quote) {
    if (text.length() < 2 || text.charAt(text.length() - 1) != quote) {
      throw new NotPlain();
    }
    String inner = text.substring(1, text.length() - 1);
    if (quote == '"') {
      if (inner.indexOf('"') >= 0 || inner.indexOf('\\') >= 0) {
        throw new NotPlain();
      }
      return NODES.textNode(inner);
    }
    if (inner.replace("''", "").indexOf('\'') >= 0) {
      throw new NotPlain();
    }
    return NODES.textNode(inner.replace("''", "'"));
  }
}
