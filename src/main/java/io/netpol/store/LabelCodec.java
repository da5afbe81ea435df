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
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new StoreException("stored label set is not valid JSON: " + json);
    }
  }
}
