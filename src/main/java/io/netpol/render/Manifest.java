package io.netpol.render;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One rendered object.
 *
 * @param namespace its namespace, or null for a cluster-scoped object
 * @param name its name, also its file name
 * @param object the object, fields in the order they are written
 */
public record Manifest(String namespace, String name, ObjectNode object) {
  public String kind() {
    return object.path("kind").asText();
  }
}
