package io.netpol.cli;

import java.nio.file.Path;

/**
 * The stores report, matrix and audit are tested on: the voting app (the shipped sample and its
 * proposal), a cluster with gaps (a namespace without policies, an unused rule, an allow-all rule,
 * a denied connection) and flows with hostile names.
 */
final class ReportFixtures {
  static final String VOTING = "collectors/samples/voting-app-hubble.jsonl";
  static final String GAPS = "src/test/resources/audit/gaps/flows.jsonl";
  static final String GAPS_POLICIES = "src/test/resources/audit/gaps/policies";
  static final String HOSTILE = "src/test/resources/report/hostile/flows.jsonl";

  private ReportFixtures() {}

  /** Observes {@code flows} into {@code dir/name.db}. */
  static Path observe(Path dir, String name, String flows) {
    Path db = dir.resolve(name + ".db");
    CommandHarness.run("observe", "--db", db.toString(), flows).exits(0);
    return db;
  }

  /** The voting app's store with its proposal written to {@code dir/policies}. */
  static Path votingProposal(Path dir, Path db) {
    Path policies = dir.resolve("policies");
    CommandHarness.run("propose", "--db", db.toString(), "--out", policies.toString()).exits(0);
    return policies;
  }
}
