package dev.integrity.platform.partition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketGivesItsCapacityThenNamesTheWaitForTheNextToken() {
        PartitionBudget budget = new PartitionBudget(6, 0);   // one token every 10 s
        for (int i = 0; i < 6; i++) {
            assertEquals(0, budget.take(0), "token " + (i + 1) + " of 6");
        }
        assertEquals(10, budget.take(0));
        assertEquals(7, budget.take(3 * SECOND), "three seconds later, seven to go");
        assertEquals(0, budget.take(10 * SECOND), "the token refilled at ten seconds");
        assertEquals(10, budget.take(10 * SECOND));
    }

    @Test
    void aRefusedTakeSpendsNothingAndAWaitIsAtLeastOneSecond() {
        PartitionBudget budget = new PartitionBudget(60, 0);  // one a second
        for (int i = 0; i < 60; i++) {
            budget.take(0);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(1, budget.take(0), "asking again does not push the next token further out");
        }
        assertEquals(1, budget.take(SECOND / 2), "half a second to go is still said as one");
        assertEquals(0, budget.take(SECOND));
    }

    @Test
    void aRefundGivesBackATokenButNeverMoreThanTheCapacity() {
        PartitionBudget budget = new PartitionBudget(2, 0);
        budget.take(0);
        budget.take(0);
        budget.refund();
        assertEquals(0, budget.take(0));
        assertEquals(30, budget.take(0));

        PartitionBudget full = new PartitionBudget(2, 0);
        full.refund();
        full.refund();
        assertEquals(0, full.take(0));
        assertEquals(0, full.take(0));
        assertEquals(30, full.take(0), "refunds on a full bucket are not banked");
    }

    @Test
    void idleTimeFillsTheBucketOnlyToItsCapacity() {
        PartitionBudget budget = new PartitionBudget(3, 0);
        for (int i = 0; i < 3; i++) {
            budget.take(0);
        }
        long anHourLater = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, budget.take(anHourLater));
        }
        assertEquals(20, budget.take(anHourLater));
    }

    @Test
    void aBudgetBelowOneIsRefusedAtStartup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PartitionBudget(0, 0));
        assertEquals("platform.partitions.on-demand-per-minute must be at least 1, not 0", e.getMessage());
    }
}
