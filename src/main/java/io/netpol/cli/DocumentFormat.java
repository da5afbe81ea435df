package io.netpol.cli;

/** Output formats of commands that print Kubernetes objects. */
public enum DocumentFormat {
  YAML,
  JSON
}
