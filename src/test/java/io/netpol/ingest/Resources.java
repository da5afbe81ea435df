package io.netpol.ingest;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Our own flow-log fixtures under {@code src/test/resources/flows}. */
final class Resources {
  private Resources() {}

  static Path flows(String name) {
    try {
      var url = Resources.class.getResource("/flows/" + name);
      if (url == null) {
        throw new IllegalArgumentException("no test resource /flows/" + name);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
