package io.netpol.ingest;

import static io.netpol.ingest.JsonBytes.UNSURE;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.util.Arrays;

/**
 * The record a shipper wrapped as JSON text, Fluent Bit's {@code {"log":"<json>", ...}} or Vector's
 * {@code {"message":"<json>", ...}}, read straight from the wrapper's bytes: the text's UTF-8
 * bytes, exactly those {@link RecordReader}'s Jackson path takes from the tree it reads ({@code
 * log}, else {@code message}), so the wrapped record is then read as if it stood alone.
 *
 * <p>Only the plain wrappers shippers write are read here: ASCII text whose escapes stand for ASCII
 * characters, the other fields plain JSON ({@link JsonBytes}), each wrapper field once, its text
 * starting with a JSON object. Anything else, a field holding an object, non-ASCII text, a field
 * given twice, text that is not JSON, is left to Jackson, which reads it or says what is wrong.
 */
final class ShipperText {
  private ShipperText() {}

  /** Longer strings are refused by Jackson's parser (its limit counts characters; bytes here). */
  private static final int MAX_TEXT = StreamReadConstraints.defaults().getMaxStringLength();

  /**
   * The text of the record {@code b[off, off + len)} wraps, as UTF-8 bytes; null when the record
   * wraps none or is left to Jackson.
   */
  static byte[] unwrap(byte[] b, int off, int len) {
    int end = off + len;
    int p = JsonBytes.ws(b, off, end);
    if (p >= end || b[p] != '{') {
      return null;
    }
    p = JsonBytes.ws(b, p + 1, end);
    if (p >= end || b[p] == '}') {
      return null;
    }
    // Where each wrapper field's string value starts (its opening quote) and ends (past its
    // closing one); -1 while not seen, -2 when it holds another scalar (Jackson then looks
    // further).
    int log = -1;
    int message = -1;
    int logEnd = -1;
    int messageEnd = -1;
    while (true) {
      if (b[p] != '"') {
        return null;
      }
      int close = JsonBytes.stringEnd(b, p, end);
      if (close == UNSURE) {
        return null;
      }
      HubbleFieldName name = HubbleFieldName.of(b, p + 1, close);
      boolean isLog = name == HubbleFieldName.LOG;
      boolean isWrapper = isLog || name == HubbleFieldName.MESSAGE;
      int v = JsonBytes.colon(b, close + 1, end);
      if (v == UNSURE || v >= end) {
        return null;
      }
      if (!isWrapper) {
        p = JsonBytes.skipValue(b, v, end);
      } else if ((isLog ? log : message) != -1) {
        return null; // given twice: Jackson's tree keeps the last one
      } else if (b[v] == '{' || b[v] == '[') {
        return null; // an object is the record as parsed; arrays are checked further by Jackson
      } else if (b[v] == '"') {
        p = textEnd(b, v, end);
        if (isLog) {
          log = v;
          logEnd = p;
        } else {
          message = v;
          messageEnd = p;
        }
      } else {
        p = JsonBytes.skipValue(b, v, end);
        if (isLog) {
          log = -2;
        } else {
          message = -2;
        }
      }
      if (p == UNSURE) {
        return null;
      }
      p = JsonBytes.ws(b, p, end);
      if (p >= end) {
        return null;
      }
      if (b[p] == '}') {
        break;
      }
      if (b[p] != ',') {
        return null;
      }
      p = JsonBytes.ws(b, p + 1, end);
      if (p >= end) {
        return null;
      }
    }
    int text = log >= 0 ? log : message;
    int textEnd = log >= 0 ? logEnd : messageEnd;
    if (text < 0 || textEnd - text > MAX_TEXT) {
      return null;
    }
    byte[] inner = decode(b, text + 1, textEnd - 1);
    // The wrapped text must hold JSON: its first character past white space (as String.trim
    // counts it: anything up to U+0020) opens an object; else Jackson's path says what is wrong.
    int first = 0;
    while (first < inner.length && inner[first] <= ' ') {
      first++;
    }
    return first < inner.length && inner[first] == '{' ? inner : null;
  }

  /**
   * The position after the string whose opening quote is at {@code p}: ASCII, without control
   * characters, its escapes those of JSON and standing for ASCII characters. Else UNSURE.
   */
  private static int textEnd(byte[] b, int p, int end) {
    int i = p + 1;
    while (true) {
      i = JsonBytes.special(b, i, end);
      if (i >= end) {
        return UNSURE;
      }
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c != '\\' || i + 1 >= end) {
        return UNSURE; // a control character or a non-ASCII byte: Jackson's
      }
      byte e = b[i + 1];
      if (e == 'u') {
        if (i + 6 > end) {
          return UNSURE;
        }
        int u = hex4(b, i + 2);
        if (u < 0 || u >= 0x80) {
          return UNSURE;
        }
        i += 6;
      } else if (escaped(e) >= 0) {
        i += 2;
      } else {
        return UNSURE;
      }
    }
  }

  /** The character an escape {@code \e} (other than {@code \\u}) stands for, or -1. */
  private static int escaped(byte e) {
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return -1;
    }
  }

  private static int hex4(byte[] b, int i) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(b[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  /**
   * The characters of the string between {@code from} and its closing quote at {@code close}, which
   * {@link #textEnd} has read: runs without escapes are copied whole.
   */
  private static byte[] decode(byte[] b, int from, int close) {
    byte[] out = new byte[close - from];
    int n = 0;
    int i = from;
    while (true) {
      int escape = JsonBytes.special(b, i, close); // in a string read, only escapes are left
      System.arraycopy(b, i, out, n, escape - i);
      n += escape - i;
      if (escape == close) {
        return n == out.length ? out : Arrays.copyOf(out, n);
      }
      if (b[escape + 1] == 'u') {
        out[n++] = (byte) hex4(b, escape + 2);
        i = escape + 6;
      } else {
        out[n++] = (byte) escaped(b[escape + 1]);
        i = escape + 2;
      }
    }
  }
}
