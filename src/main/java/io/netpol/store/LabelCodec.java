package io.netpol.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Label sets as stored: a JSON object with sorted keys, so equal sets are equal strings. */
final class LabelCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelCodec() {}

  static String encode(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static SortedMap<String, String> decode(String json) {
    if (json == null) {
      return new TreeMap<>();
    }
    SortedMap<String, String> flat = flat(json);
    if (flat != null) {
      return flat;
    }
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new StoreException("stored label set is not valid JSON: " + json);
    }
  }

  /**
   * The labels of {@code json} when it is what {@link #encode} writes, an object of strings with no
   * escapes ({@code {"app":"web","tier":"1"}}), read without a JSON parser (a store holds one per
   * workload and label set); null for anything else, which the parser reads.
   */
  private static SortedMap<String, String> flat(String json) {
    int n = json.length();
    if (n < 2 || json.charAt(0) != '{' || json.charAt(n - 1) != '}') {
      return null;
    }
    SortedMap<String, String> out = new TreeMap<>();
    int i = 1;
    if (i == n - 1) {
      return out;
    }
    while (true) {
      int keyEnd = string(json, i);
      if (keyEnd < 0 || keyEnd + 1 >= n || json.charAt(keyEnd + 1) != ':') {
        return null;
      }
      int valueEnd = string(json, keyEnd + 2);
      if (valueEnd < 0) {
        return null;
      }
      out.put(json.substring(i + 1, keyEnd), json.substring(keyEnd + 3, valueEnd));
      char next = valueEnd + 1 < n ? json.charAt(valueEnd + 1) : 0;
      if (next == '}' && valueEnd + 2 == n) {
        return out;
      }
      if (next != ',') {
        return null;
      }
      i = valueEnd + 2;
    }
  }

  /** The index of the closing quote of the string starting at {@code at}; -1 unless plain. */
  private static int string(String json, int at) {
    if (at >= json.length() || json.charAt(at) != '"') {
      return -1;
    }
    for (int i = at + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '\\' || c < 0x20) {
        return -1;
      }
    }
    return -1;
  }
}
