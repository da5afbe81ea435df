package io.netpol.cli;

import io.netpol.policy.PolicyDiff;
import io.netpol.policy.Replay;
import java.util.List;

/** What {@code diff} found: the policy changes and their impact on the observed traffic. */
record DiffReport(List<String> namespaces, PolicyDiff.Result policies, Replay.Impact impact) {}
