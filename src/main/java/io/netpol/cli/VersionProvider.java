package io.netpol.cli;

import picocli.CommandLine;

/** The version from the jar manifest (the build stamps it), or "development" from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"${ROOT-COMMAND-NAME} " + (v != null ? v : "development build")};
  }
}
