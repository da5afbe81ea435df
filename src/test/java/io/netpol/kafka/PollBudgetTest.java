package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PollBudgetTest {

  private final BoundedBytes values = new BoundedBytes(1 << 20);

  private byte[] read(int size) {
    return values.deserialize("t", null, ByteBuffer.wrap(new byte[size]));
  }

  @Test
  void without_an_open_budget_everything_is_copied() {
    assertTrue(PollBudget.admit(Integer.MAX_VALUE));
    assertFalse(BoundedBytes.deferred(read(1 << 20)));
  }

  @Test
  void the_first_record_of_a_poll_is_copied_whatever_its_size() {
    try (PollBudget budget = PollBudget.open(10)) {
      byte[] first = read(1000);
      assertTrue(first.length == 1000);
      assertFalse(budget.spent());
    }
  }

  @Test
  void past_the_budget_nothing_more_of_the_poll_is_copied_not_even_what_would_fit() {
    try (PollBudget budget = PollBudget.open(100)) {
      assertTrue(read(60).length == 60);
      assertTrue(read(40).length == 40);
      assertSame(BoundedBytes.DEFERRED, read(1));
      assertTrue(budget.spent());
      assertSame(BoundedBytes.DEFERRED, read(0));
      assertSame(BoundedBytes.DEFERRED, values.deserialize("t", new byte[1]));
    }
    // The next poll starts with a budget of its own; after close, none is open.
    try (PollBudget next = PollBudget.open(100)) {
      assertTrue(read(100).length == 100);
      assertFalse(next.spent());
    }
    assertTrue(PollBudget.admit(1 << 30));
  }

  @Test
  void an_oversized_value_stays_too_large_and_costs_no_budget() {
    try (PollBudget budget = PollBudget.open(100)) {
      assertTrue(read(50).length == 50);
      assertSame(BoundedBytes.TOO_LARGE, read((1 << 20) + 1));
      assertTrue(read(50).length == 50);
      assertFalse(budget.spent());
    }
  }
}
