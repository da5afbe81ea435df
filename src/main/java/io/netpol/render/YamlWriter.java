package io.netpol.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.text.YamlStrings;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an object tree as the YAML {@link PolicyDocuments}' YAML mapper writes it, byte for byte,
 * several times faster: the block structure (mappings, sequences indented under their key with the
 * indicator, {@code {}} and {@code []}) is written here, and so are the scalars whose form is
 * certain (names, labels, CIDRs, numbers, one-line JSON blocks); every other scalar is rendered by
 * the mapper itself, and a tree of any other shape (a sequence in a sequence, a long key, a
 * floating point number, null) is not written here at all ({@link #write} says so with null).
 */
final class YamlWriter {

  /** SnakeYAML writes longer keys as explicit {@code ?} keys. */
  private static final int SIMPLE_KEY = 128;

  private static final int INDENT = 2;

  /** Renderings of the mapper for short scalars, which repeat (reasons, label values). */
  private static final int CACHED = 8192;

  private static final int CACHED_LENGTH = 256;

  private static final Map<String, String> VALUES = new ConcurrentHashMap<>();
  private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

  private final ObjectMapper mapper;
  private final StringBuilder out = new StringBuilder(4096);

  private YamlWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The document {@code mapper} would write for {@code root}, or null when the tree has a shape
   * this writer leaves to the mapper.
   */
  static String write(ObjectMapper mapper, ObjectNode root) {
    YamlWriter w = new YamlWriter(mapper);
    if (root.isEmpty()) {
      return null;
    }
    return w.mapping(root, 0) ? w.out.toString() : null;
  }

  /** The fields of {@code node}, keys at column {@code indent}, each line ended. */
  private boolean mapping(ObjectNode node, int indent) {
    boolean first = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!first) {
        spaces(indent);
      }
      first = false;
      String key = e.getKey();
      if (key.length() >= SIMPLE_KEY) {
        return false;
      }
      if (plainKey(key)) {
        out.append(key);
      } else {
        String rendered = renderedKey(key);
        if (rendered == null) {
          return false;
        }
        out.append(rendered);
      }
      out.append(':');
      if (!value(e.getValue(), indent)) {
        return false;
      }
    }
    return true;
  }

  /** A mapping value after {@code key:}, its key at column {@code indent}. */
  private boolean value(JsonNode v, int indent) {
    if (v instanceof ObjectNode o) {
      if (o.isEmpty()) {
        out.append(" {}\n");
        return true;
      }
      out.append('\n');
      spaces(indent + INDENT);
      return mapping(o, indent + INDENT);
    }
    if (v instanceof ArrayNode a) {
      if (a.isEmpty()) {
        out.append(" []\n");
        return true;
      }
      out.append('\n');
      return sequence(a, indent + INDENT);
    }
    out.append(' ');
    return scalar(v, indent, false);
  }

  /** The items of {@code a}, each {@code - } at column {@code indent}. */
  private boolean sequence(ArrayNode a, int indent) {
    for (JsonNode item : a) {
      spaces(indent);
      out.append("- ");
      if (item instanceof ObjectNode o) {
        if (o.isEmpty()) {
          out.append("{}\n");
        } else if (!mapping(o, indent + INDENT)) {
          return false;
        }
      } else if (item instanceof ArrayNode) {
        return false;
      } else if (!scalar(item, indent, true)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A scalar and its line end.
   *
   * @param indent the column of its key (a mapping value) or of its dash (an item)
   */
  private boolean scalar(JsonNode v, int indent, boolean item) {
    if (v.isInt() || v.isLong()) {
      out.append(v.asText()).append('\n');
      return true;
    }
    if (v.isBoolean()) {
      out.append(v.booleanValue()).append('\n');
      return true;
    }
    if (!v.isTextual()) {
      return false;
    }
    String s = v.textValue();
    if (plain(s)) {
      out.append(s).append('\n');
      return true;
    }
    if (!item && literal(s, indent + INDENT)) {
      return true;
    }
    String rendered = rendered(s);
    if (rendered == null || (item && rendered.indexOf('\n') != rendered.length() - 1)) {
      return false;
    }
    // A block scalar's lines are indented under the key: the mapper wrote them for column 0.
    for (int i = 0; i < rendered.length(); i++) {
      char c = rendered.charAt(i);
      out.append(c);
      if (c == '\n' && i < rendered.length() - 1 && rendered.charAt(i + 1) != '\n') {
        spaces(indent); // Empty lines stay empty.
      }
    }
    return true;
  }

  /**
   * Whether the mapper writes {@code s} plain, as a key or a value, whatever the context: made of
   * {@code [A-Za-z0-9._/-]}, not beginning with {@code -}, {@code .} or {@code /}, not made only of
   * what numbers are made of ({@code [-+0-9._eE]}), and not a string YAML reads as something else.
   */
  private static boolean plain(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    char first = s.charAt(0);
    if (first == '-' || first == '.' || first == '/') {
      return false;
    }
    boolean numberLike = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean digitOrSign = (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!digitOrSign && !letter && c != '/') {
        return false;
      }
      numberLike &= digitOrSign || c == 'e' || c == 'E';
    }
    return !numberLike && !YamlStrings.readsAsOtherThanString(s);
  }

  /** Whether {@code key} is plain ({@link #plain}) and begins with a letter or an underscore. */
  private static boolean plainKey(String key) {
    char first = key.isEmpty() ? '0' : key.charAt(0);
    boolean start =
        (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_';
    return start && plain(key);
  }

  /**
   * Writes {@code s} as the mapper's literal block ({@code |} or {@code |-}, lines at column {@code
   * indent}) when its form is certain: printable ASCII lines, none empty, none beginning or ending
   * with a space, at most one line break at the end.
   */
  private boolean literal(String s, int indent) {
    int n = s.length();
    if (n < 2 || s.indexOf('\n') < 0 || s.charAt(0) == ' ' || s.charAt(0) == '\n') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        if (s.charAt(i - 1) == ' '
            || (i + 1 < n && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == ' '))) {
          return false;
        }
      } else if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    boolean clip = s.charAt(n - 1) == '\n';
    if (!clip && s.charAt(n - 1) == ' ') {
      return false;
    }
    out.append(clip ? "|\n" : "|-\n");
    int start = 0;
    int end = clip ? n - 1 : n;
    while (start <= end) {
      int nl = s.indexOf('\n', start);
      int stop = nl < 0 || nl > end ? end : nl;
      spaces(indent);
      out.append(s, start, stop).append('\n');
      start = stop + 1;
    }
    return true;
  }

  /** {@code s} as the mapper writes it as a mapping value at column 0, its line ended; or null. */
  private String rendered(String s) {
    String known = VALUES.get(s);
    if (known != null) {
      return known;
    }
    String doc = document(Map.of("k", s));
    String value =
        doc != null && doc.startsWith("k: ") && doc.endsWith("\n") && !otherBreaks(doc)
            ? doc.substring(3)
            : null;
    return remember(VALUES, s, value);
  }

  /** {@code key} as the mapper writes it as a key (one line), without the colon; or null. */
  private String renderedKey(String key) {
    String known = KEYS.get(key);
    if (known != null) {
      return known;
    }
    String doc = document(Map.of(key, "v"));
    String rendered =
        doc != null
                && doc.endsWith(": v\n")
                && doc.indexOf('\n') == doc.length() - 1
                && !doc.startsWith("?")
                && !otherBreaks(doc)
            ? doc.substring(0, doc.length() - 4)
            : null;
    return remember(KEYS, key, rendered);
  }

  /**
   * Whether {@code text} holds a line break other than {@code \n} (YAML 1.1 also breaks lines at
   * CR, NEL, LS and PS): the mapper indents what follows it by the context, which is not known
   * here.
   */
  private static boolean otherBreaks(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  private String document(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String remember(Map<String, String> cache, String s, String rendered) {
    if (rendered != null && s.length() <= CACHED_LENGTH) {
      if (cache.size() >= CACHED) {
        cache.clear();
      }
      cache.put(s, rendered);
    }
    return rendered;
  }

  private void spaces(int n) {
    for (int i = 0; i < n; i++) {
      out.append(' ');
    }
  }
}
