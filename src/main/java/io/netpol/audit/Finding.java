package io.netpol.audit;

import java.util.Objects;

/**
 * One thing the audit found.
 *
 * @param check what kind of finding
 * @param namespace the namespace it belongs to (scores are per namespace)
 * @param subject what it is about: a policy rule, a workload, a connection, the namespace
 * @param message the finding in words, with the evidence
 */
public record Finding(Check check, String namespace, String subject, String message) {
  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  public Severity severity() {
    return check.severity();
  }
}
