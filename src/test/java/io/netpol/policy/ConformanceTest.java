package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicy v1 conformance table: every case names the Kubernetes rule it checks, asserts
 * the verdict and, mostly, the rule or mismatch that decided it. The replay's quick path ({@link
 * Evaluator#allows}) must give the same verdict.
 */
class ConformanceTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "io.netpol.policy.IsolationCases#cases",
    "io.netpol.policy.PeerCases#cases",
    "io.netpol.policy.PortCases#cases",
    "io.netpol.policy.IpBlockCases#cases",
    "io.netpol.policy.SpecialCases#cases"
  })
  void policy_semantics(Case c) {
    PolicySet set = PolicySet.of(c.policies());
    Evaluation verdict = Evaluator.evaluate(set, c.connection());
    boolean quick = Evaluator.allows(set, c.connection(), new Work());
    // Surefire prints the case index, not the display name, so every failure repeats the sentence.
    assertAll(
        c.name() + "\n  verdict: " + verdict,
        Stream.concat(
            Stream.<Executable>of(
                () -> assertEquals(c.allowed(), verdict.allowed(), "allowed"),
                () -> assertEquals(c.allowed(), quick, "allowed, by the replay's quick path")),
            c.checks().stream().map(check -> (Executable) () -> check.accept(verdict))));
  }
}
