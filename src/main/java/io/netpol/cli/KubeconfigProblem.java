package io.netpol.cli;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * What went wrong reading a kubeconfig, without its values: parser messages quote the offending
 * value, and a kubeconfig holds tokens, keys and passwords. Only the field's path is named.
 */
final class KubeconfigProblem {

  static final String MALFORMED_FIELD = "field %s is malformed (its value is not shown)";
  static final String NOT_A_KUBECONFIG = "it is not a valid kubeconfig (%s; no value is shown)";

  private KubeconfigProblem() {}

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) {
        return String.format(MALFORMED_FIELD, path(m));
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.format(NOT_A_KUBECONFIG, root.getClass().getSimpleName());
  }

  private static String path(JsonMappingException m) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
