package org.hitlmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Await returns when its condition holds, not after a fixed time, and fails (naming the event) when it never does. */
class AwaitTest {
    @Test
    void returnsOnceTheConditionHoldsAndNotBefore() throws Exception {
        AtomicInteger n = new AtomicInteger();
        CountDownLatch checked = new CountDownLatch(3);
        Thread t = new Thread(() -> {
            try {
                checked.await();
            } catch (InterruptedException e) {
                return;
            }
            n.set(7);
        });
        t.start();
        Await.until(Duration.ofSeconds(30), "n is 7", () -> {
            checked.countDown();
            return n.get() == 7;
        });
        assertThat(n.get()).isEqualTo(7);
        assertThat(checked.getCount()).isZero();
        t.join();
    }

    @Test
    void aConditionThatNeverHoldsFailsNamingItAfterTheTimeout() {
        assertThat(catchFalse()).isFalse();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), "the reader's note-off", () -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the reader's note-off");
    }

    private static boolean catchFalse() {
        try {
            return Await.within(Duration.ofMillis(20), () -> false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void quietWaitsForTheValueToStopChanging() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        // changes on each of the first 5 reads, then stays: quiet only after it stopped changing
        assertThat(Await.quiet(Duration.ofMillis(20), Duration.ofSeconds(30), () -> Math.min(5, reads.incrementAndGet())))
                .isTrue();
        assertThat(reads.get()).isGreaterThan(5);
        assertThat(Await.quiet(Duration.ofMillis(50), Duration.ofMillis(40), reads::incrementAndGet)).isFalse();
    }
}
